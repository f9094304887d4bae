package dev.more.tensor;

import dev.more.kernels.MoReShape;
import java.util.Arrays;

/**
 * The MoRe adapter product on tensors: shape checks, then the device's fused kernel. The autograd
 * layer wraps {@link #forward} and {@link #backward} as one graph node.
 */
public final class MoReOps {
    private MoReOps() {}

    /**
     * The product and (when kept) the intermediate the backward pass reuses.
     *
     * @param out Δ, shaped like x with the last dimension {@code out}
     * @param middle rows × blocks·blkR, or null when not kept
     */
    public record Forward(Tensor out, Tensor middle) {}

    /**
     * Gradients of the product.
     *
     * @param dx gradient for x, or null when not asked for
     * @param dw1 gradient for blkdiag1
     * @param dw2 gradient for blkdiag2
     */
    public record Gradients(Tensor dx, Tensor dw1, Tensor dw2) {}

    /** {@code Δ = MoRe(x)} over x's last dimension; keeps the intermediate when {@code keepMiddle}. */
    public static Forward forward(MoReShape s, Tensor x, Tensor w1, Tensor w2, boolean keepMiddle) {
        check(s, x, w1, w2);
        Backend backend = x.storage().backend();
        int rows = x.numel() / s.in();
        Storage middle = keepMiddle ? backend.zeros(rows * s.middle()) : null;
        Storage out = backend.moreForward(
                s,
                x.storage(),
                x.layout(),
                w1.contiguous().storage(),
                w2.contiguous().storage(),
                middle);
        int[] outShape = x.shape();
        outShape[outShape.length - 1] = s.out();
        return new Forward(
                new Tensor(out, Layout.contiguous(outShape)),
                middle == null ? null : new Tensor(middle, Layout.contiguous(rows, s.middle())));
    }

    /** The gradients given {@code dOut} (shaped like the forward's output); {@code middle} may be null. */
    public static Gradients backward(
            MoReShape s, Tensor x, Tensor w1, Tensor w2, Tensor middle, Tensor dOut, boolean needDx) {
        check(s, x, w1, w2);
        int[] outShape = x.shape();
        outShape[outShape.length - 1] = s.out();
        if (!Arrays.equals(dOut.shape(), outShape)) {
            throw new ShapeException("more backward", dOut.shape(), outShape, "gradient must have the output's shape");
        }
        Backend backend = x.storage().backend();
        Storage[] g = backend.moreBackward(
                s,
                x.storage(),
                x.layout(),
                w1.contiguous().storage(),
                w2.contiguous().storage(),
                middle == null ? null : middle.contiguous().storage(),
                dOut.storage(),
                dOut.layout(),
                needDx);
        return new Gradients(
                g[0] == null ? null : new Tensor(g[0], Layout.contiguous(x.shape())),
                new Tensor(g[1], Layout.contiguous(w1.shape())),
                new Tensor(g[2], Layout.contiguous(w2.shape())));
    }

    private static void check(MoReShape s, Tensor x, Tensor w1, Tensor w2) {
        if (x.rank() == 0 || x.size(-1) != s.in()) {
            throw new ShapeException("more", x.shape(), "the last dimension must be the layer's " + s.in() + " inputs");
        }
        int[] e1 = {s.blocks(), s.blkR(), s.inBlk()};
        int[] e2 = {s.blocks(), s.outBlk(), s.blkR()};
        if (!Arrays.equals(w1.shape(), e1)) {
            throw new ShapeException("more", w1.shape(), e1, "blkdiag1 must be (blocks, blk_r, in_blk)");
        }
        if (!Arrays.equals(w2.shape(), e2)) {
            throw new ShapeException("more", w2.shape(), e2, "blkdiag2 must be (blocks, out_blk, blk_r)");
        }
        if (!x.device().equals(w1.device()) || !x.device().equals(w2.device())) {
            throw new IllegalArgumentException("more: x, blkdiag1 and blkdiag2 must be on one device");
        }
    }
}
