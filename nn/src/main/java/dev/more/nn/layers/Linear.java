package dev.more.nn.layers;

import dev.more.autograd.Variable;
import dev.more.nn.Module;
import dev.more.nn.Parameter;
import dev.more.nn.UnaryModule;
import dev.more.tensor.Rng;
import dev.more.tensor.ShapeException;
import dev.more.tensor.SublayerNorm;
import dev.more.tensor.Tensor;

/**
 * {@code y = x Wᵀ + b} over the last dimension, with {@code weight} of shape (out, in) as in PyTorch
 * and Hugging Face checkpoints, and an optional {@code bias} of shape (out).
 *
 * <p>Initialised as {@code torch.nn.Linear}: Kaiming-uniform with {@code a = sqrt(5)}, which comes to
 * {@code U(-1/sqrt(in), 1/sqrt(in))} for the weight, and the same bound for the bias.
 */
public final class Linear extends Module implements UnaryModule {
    private final int inFeatures;
    private final int outFeatures;
    private final Parameter weight;
    private final Parameter bias;

    /** A layer from {@code inFeatures} to {@code outFeatures}, with a bias when {@code withBias}, initialised from {@code rng}. */
    public Linear(int inFeatures, int outFeatures, boolean withBias, Rng rng) {
        if (inFeatures <= 0 || outFeatures <= 0) {
            throw new IllegalArgumentException(
                    "Linear: feature counts must be positive, got in " + inFeatures + ", out " + outFeatures);
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        float bound = (float) (1.0 / Math.sqrt(inFeatures));
        this.weight = addParameter("weight", Tensor.uniform(rng, -bound, bound, outFeatures, inFeatures));
        this.bias = withBias ? addParameter("bias", Tensor.uniform(rng, -bound, bound, outFeatures)) : null;
    }

    /** {@code input} of shape (..., in) to (..., out). */
    @Override
    public Variable forward(Variable input) {
        checkInput(input);
        return input.linear(weight.variable(), biasVariable());
    }

    /**
     * {@code gelu(forward(input))} as one op, which applies GELU to each part of the product as it is
     * finished: the same values as this layer followed by {@link Gelu}, without a second pass over the output.
     */
    public Variable forwardGelu(Variable input) {
        checkInput(input);
        return input.linearGelu(weight.variable(), biasVariable());
    }

    /**
     * {@code second.forward(first.forwardGelu(input))}, a transformer's feed-forward block: those two ops
     * when a gradient will be needed, else one that keeps no intermediate ({@link Variable#feedForward}).
     */
    public static Variable feedForward(Variable input, Linear first, Linear second) {
        checkFeedForward(input, first, second);
        return input.feedForward(
                first.weight.variable(), first.biasVariable(), second.weight.variable(), second.biasVariable());
    }

    /**
     * The post-LN feed-forward sublayer for inference, {@code layerNorm(input + feedForward(input, first,
     * second))} by {@code norm}, as one op whose block output is never kept ({@link Tensor#feedForward} with
     * the norm); null when an op on {@code input} or these layers' parameters would be recorded for a
     * backward pass, and the caller runs the steps.
     */
    public static Variable feedForwardSublayer(Variable input, Linear first, Linear second, SublayerNorm<Tensor> norm) {
        checkFeedForward(input, first, second);
        if (Variable.recorded(
                input,
                first.weight.variable(),
                first.biasVariable(),
                second.weight.variable(),
                second.biasVariable())) {
            return null;
        }
        return Variable.constant(input.value()
                .feedForward(
                        first.weight.variable().value(),
                        first.biasValue(),
                        second.weight.variable().value(),
                        second.biasValue(),
                        norm));
    }

    private static void checkFeedForward(Variable input, Linear first, Linear second) {
        first.checkInput(input);
        if (second.inFeatures != first.outFeatures) {
            throw new ShapeException(
                    "Linear.feedForward",
                    first.weight.shape(),
                    second.weight.shape(),
                    "the second layer's inputs must be the first's " + first.outFeatures + " outputs");
        }
    }

    /** The bias's variable, or null without a bias. */
    private Variable biasVariable() {
        return bias == null ? null : bias.variable();
    }

    /** The bias's value as a forward pass computes with it, or null without a bias. */
    private Tensor biasValue() {
        return bias == null ? null : bias.variable().value();
    }

    private void checkInput(Variable input) {
        int[] shape = input.shape();
        if (shape.length == 0 || shape[shape.length - 1] != inFeatures) {
            throw new ShapeException(
                    "Linear", shape, weight.shape(), "the input's last dimension must be " + inFeatures);
        }
    }

    /** The weight, shape (out, in). */
    public Parameter weight() {
        return weight;
    }

    /** The bias, shape (out), or null when the layer has none. */
    public Parameter bias() {
        return bias;
    }

    /** The input size. */
    public int inFeatures() {
        return inFeatures;
    }

    /** The output size. */
    public int outFeatures() {
        return outFeatures;
    }
}
