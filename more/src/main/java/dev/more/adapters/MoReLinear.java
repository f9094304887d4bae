package dev.more.adapters;

import dev.more.autograd.Variable;
import dev.more.kernels.MoReShape;
import dev.more.nn.Parameter;
import dev.more.nn.layers.Dropout;
import dev.more.nn.layers.Linear;
import dev.more.tensor.MoReOps;
import dev.more.tensor.Rng;
import dev.more.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A frozen {@link Linear} with a MoRe adapter: {@code y = base(x) + scaler ⊙ dropout(Δ(x))}, where
 * {@code Δ(x)} is the MoRe product of {@link MoReShape} (two block-diagonal factors and two
 * permutations, with zero-padding of x and truncation of the result) computed by the fused kernel
 * ({@link Variable#more}). Without a scaler the scaler is 1.
 *
 * <p>Parameters, as the official implementation names them under the adapted module's path:
 * {@code weight} and {@code bias} (the base layer's own, frozen), {@code blkdiag1} (blocks, blk_r,
 * in_blk), {@code blkdiag2} (blocks, out_blk, blk_r) and, with a scaler, {@code scaler} ((1) or
 * (out)). The official scaler also applies a non-affine layer norm after scaling; this one does not,
 * since that norm would make the adapter non-linear and its merge inexact.
 *
 * <p>Init as the official code: {@code blkdiag1} uniform in ±1/sqrt(in_blk) (PyTorch's Kaiming-uniform
 * with a = sqrt(5), per block), {@code blkdiag2} zeros, so Δ = 0 at step 0. With a scaler the scaler
 * is the zero and {@code blkdiag2} is uniform in ±1/sqrt(blk_r) instead: were both zero, neither would
 * ever get a gradient.
 */
public final class MoReLinear extends AdaptedLinear {
    private final MoReShape shape;
    private final ScalerKind scalerKind;
    private final Parameter blkdiag1;
    private final Parameter blkdiag2;
    private final Parameter scaler;

    /**
     * Wraps {@code base} (whose parameters it registers as its own {@code weight} and {@code bias})
     * with a freshly initialised adapter of shape {@code shape}.
     *
     * @param dropout dropout probability on the adapter's output, in [0, 1)
     * @param rng the source of the init and of the dropout masks
     */
    public MoReLinear(Linear base, MoReShape shape, ScalerKind scaler, float dropout, Rng rng) {
        super(base);
        this.shape = Objects.requireNonNull(shape, "shape");
        this.scalerKind = Objects.requireNonNull(scaler, "scaler");
        if (shape.in() != base().inFeatures() || shape.out() != base().outFeatures()) {
            throw new IllegalArgumentException("MoReLinear: " + shape + " does not fit a Linear " + base().inFeatures()
                    + " -> " + base().outFeatures());
        }
        float bound1 = (float) (1 / Math.sqrt(shape.inBlk()));
        this.blkdiag1 = addParameter(
                "blkdiag1", Tensor.uniform(rng, -bound1, bound1, shape.blocks(), shape.blkR(), shape.inBlk()));
        int[] shape2 = {shape.blocks(), shape.outBlk(), shape.blkR()};
        float bound2 = (float) (1 / Math.sqrt(shape.blkR()));
        this.blkdiag2 = addParameter(
                "blkdiag2",
                scaler == ScalerKind.NONE ? Tensor.zeros(shape2) : Tensor.uniform(rng, -bound2, bound2, shape2));
        this.scaler = switch (scaler) {
            case NONE -> null;
            case SCALAR -> addParameter("scaler", Tensor.zeros(1));
            case PER_FEATURE -> addParameter("scaler", Tensor.zeros(shape.out()));
        };
        addModule("dropout", new Dropout(AdapterConfig.checkDropout(dropout), rng.split()));
    }

    /**
     * Wraps {@code base} as {@code config} says: shape from nblocks, blk_r and blk_sz; with
     * {@link MoReInit#PROJECTION} the factors start at the Monarch projection of the base weight and the
     * base weight becomes the residual, so the output is unchanged.
     */
    public static MoReLinear of(Linear base, MoReConfig config, Rng rng) {
        MoReShape shape =
                MoReShape.of(base.inFeatures(), base.outFeatures(), config.nblocks(), config.blkR(), config.blkSz());
        MoReLinear layer = new MoReLinear(base, shape, config.scaler(), config.dropout(), rng);
        if (config.init() == MoReInit.PROJECTION) {
            MonarchProjection.Result projected =
                    MonarchProjection.project(base.weight().value(), shape);
            layer.setFactors(projected.blkdiag1(), projected.blkdiag2());
            base.weight()
                    .setValue(WeightMerge.combine(base.weight().value(), layer.deltaWeight(), -1, layer.describe()));
        }
        return layer;
    }

    @Override
    public Variable forward(Variable input) {
        Variable y = base().forward(input);
        if (isMerged()) {
            return y;
        }
        Variable delta = forwardChild("dropout", input.more(blkdiag1.variable(), blkdiag2.variable(), shape));
        if (scaler != null) {
            delta = delta.mul(scaler.variable());
        }
        return y.add(delta);
    }

    /** {@code scaler ⊙ Δ(I)ᵀ}, shape (out, in): the kernel applied to the identity's rows, transposed. */
    @Override
    public Tensor deltaWeight() {
        int in = shape.in();
        float[] eye = new float[in * in];
        for (int i = 0; i < in; i++) {
            eye[i * in + i] = 1f;
        }
        Tensor delta = MoReOps.forward(
                        shape,
                        Tensor.fromArray(eye, in, in).to(blkdiag1.value().device()),
                        blkdiag1.value(),
                        blkdiag2.value(),
                        false)
                .out();
        if (scaler != null) {
            delta = delta.mul(scaler.value());
        }
        return delta.transpose(0, 1).contiguous();
    }

    /**
     * Replaces both factors, e.g. with a {@link MonarchProjection} of some matrix.
     *
     * @throws IllegalArgumentException if a shape differs from {@link #shape()}'s
     * @throws IllegalStateException while merged (the merged weight would no longer match)
     */
    public void setFactors(Tensor newBlkdiag1, Tensor newBlkdiag2) {
        if (isMerged()) {
            throw new IllegalStateException(describe() + ": unmerge before replacing the factors");
        }
        checkShape("blkdiag1", newBlkdiag1, blkdiag1.shape());
        checkShape("blkdiag2", newBlkdiag2, blkdiag2.shape());
        blkdiag1.setValue(newBlkdiag1);
        blkdiag2.setValue(newBlkdiag2);
    }

    private void checkShape(String name, Tensor t, int[] expected) {
        if (!Arrays.equals(t.shape(), expected)) {
            throw new IllegalArgumentException(describe() + ": " + name + " must have shape "
                    + Arrays.toString(expected) + ", got " + Arrays.toString(t.shape()));
        }
    }

    @Override
    public Map<String, Parameter> adapterParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        out.put("blkdiag1", blkdiag1);
        out.put("blkdiag2", blkdiag2);
        if (scaler != null) {
            out.put("scaler", scaler);
        }
        return out;
    }

    /** The block structure. */
    public MoReShape shape() {
        return shape;
    }

    /** The scaler kind. */
    public ScalerKind scalerKind() {
        return scalerKind;
    }

    /** The first factor's parameter, (blocks, blk_r, in_blk). */
    public Parameter blkdiag1() {
        return blkdiag1;
    }

    /** The second factor's parameter, (blocks, out_blk, blk_r). */
    public Parameter blkdiag2() {
        return blkdiag2;
    }

    /** The scaler's parameter, or null without one. */
    public Parameter scaler() {
        return scaler;
    }

    @Override
    String describe() {
        return "MoReLinear(" + shape.in() + " -> " + shape.out() + ", " + shape.blocks() + " blocks of rank "
                + shape.blkR() + ")";
    }
}
