package dev.more.nn.layers;

import dev.more.autograd.Variable;
import dev.more.nn.Module;
import dev.more.nn.Parameter;
import dev.more.nn.UnaryModule;
import dev.more.tensor.ShapeException;
import dev.more.tensor.SublayerNorm;
import dev.more.tensor.Tensor;

/**
 * Layer normalisation over the last dimension, as {@code torch.nn.LayerNorm}:
 * {@code (x - mean) / sqrt(var + eps) * weight + bias} with the biased variance. With an
 * elementwise affine transform (the default) {@code weight} starts at ones and {@code bias} at zeros.
 */
public final class LayerNorm extends Module implements UnaryModule {
    private final int dim;
    private final float eps;
    private final Parameter weight;
    private final Parameter bias;

    /** Normalises vectors of size {@code dim}, with an affine transform. */
    public LayerNorm(int dim, float eps) {
        this(dim, eps, true);
    }

    /** Normalises vectors of size {@code dim}; {@code affine} adds {@code weight} and {@code bias}. */
    public LayerNorm(int dim, float eps, boolean affine) {
        if (dim <= 0 || !(eps > 0) || !Float.isFinite(eps)) {
            throw new IllegalArgumentException(
                    "LayerNorm: dim must be positive and eps a positive number, got " + dim + ", " + eps);
        }
        this.dim = dim;
        this.eps = eps;
        this.weight = affine ? addParameter("weight", Tensor.ones(dim)) : null;
        this.bias = affine ? addParameter("bias", Tensor.zeros(dim)) : null;
    }

    @Override
    public Variable forward(Variable input) {
        checkInput(input);
        return input.layerNorm(weight == null ? null : weight.variable(), bias == null ? null : bias.variable(), eps);
    }

    /**
     * This norm's scale, shift and epsilon for an inference block that ends with it
     * ({@link SublayerNorm}), or null when an op on {@code input} or these parameters would be recorded for
     * a backward pass (the block then runs as separate ops).
     */
    public SublayerNorm<Tensor> sublayerNorm(Variable input) {
        Variable w = weight == null ? null : weight.variable();
        Variable b = bias == null ? null : bias.variable();
        if (Variable.recorded(input, w, b)) {
            return null;
        }
        return new SublayerNorm<>(w == null ? null : w.value(), b == null ? null : b.value(), eps);
    }

    /**
     * {@code forward(input.add(residual))} as one op, which normalises each row of the sum while it is in
     * cache: the same values, without a pass that writes the sum and one that reads it back.
     */
    public Variable forwardResidual(Variable input, Variable residual) {
        checkInput(input);
        return input.addLayerNorm(
                residual, weight == null ? null : weight.variable(), bias == null ? null : bias.variable(), eps);
    }

    private void checkInput(Variable input) {
        int[] shape = input.shape();
        if (shape.length == 0 || shape[shape.length - 1] != dim) {
            throw new ShapeException("LayerNorm", shape, "the last dimension must be " + dim);
        }
    }

    /** The scale, or null without an affine transform. */
    public Parameter weight() {
        return weight;
    }

    /** The shift, or null without an affine transform. */
    public Parameter bias() {
        return bias;
    }

    /** The normalised size. */
    public int dim() {
        return dim;
    }

    /** The variance epsilon. */
    public float eps() {
        return eps;
    }
}
