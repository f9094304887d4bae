package dev.more.kernels.cpu;

import dev.more.kernels.MoReShape;

/**
 * The MoRe adapter product {@code Δ = MoRe(x)} of {@link MoReShape}, forward and backward, for the rows
 * of a row-major x (rows, in):
 * <ol>
 * <li>{@code h[j·blkR + q] = Σ_p blkdiag1[j, q, p] · xpad[j·inBlk + p]} (x zero-padded to k·inBlk);</li>
 * <li>{@code g[l, r] = h[r·k + l]} (h read as (blkR, k), transposed);</li>
 * <li>{@code o[l, s] = Σ_r blkdiag2[l, s, r] · g[l, r]};</li>
 * <li>{@code Δ[s·k + l] = o[l, s]}, truncated to {@code out}.</li>
 * </ol>
 * The fused path reads x once and writes Δ once per row, keeping h in registers and applying both
 * permutations as index arithmetic; its backward reads x and dΔ once per row for dx, d blkdiag1 and
 * d blkdiag2. The scalar twins compose the unfused kernels ({@link BlockDiagonalMatmul},
 * {@link MonarchPermutation}) literally, step by step, as the official implementation does.
 */
public final class MoReProduct {
    private MoReProduct() {}

    /**
     * {@code out = MoRe(x)}. When {@code middle} is not null it receives each row's h (rows × k·blkR,
     * before the middle permutation), which {@link #backward} can reuse instead of recomputing it.
     */
    public static void forward(
            MoReShape s,
            float[] x,
            int xOff,
            int rows,
            float[] w1,
            int w1Off,
            float[] w2,
            int w2Off,
            float[] out,
            int outOff,
            float[] middle) {
        if (Simd.enabled()) {
            MoReProductVector.forward(s, x, xOff, rows, w1, w1Off, w2, w2Off, out, outOff, middle);
        } else {
            forwardScalar(s, x, xOff, rows, w1, w1Off, w2, w2Off, out, outOff, middle);
        }
    }

    /**
     * The gradients of {@code MoRe(x)} given {@code dOut} (rows, out): {@code dx} (rows, in; may be null
     * when x needs no gradient), {@code dw1} and {@code dw2} (overwritten). {@code middle} is h from the
     * forward pass, or null to recompute it.
     */
    public static void backward(
            MoReShape s,
            float[] x,
            int xOff,
            int rows,
            float[] w1,
            int w1Off,
            float[] w2,
            int w2Off,
            float[] middle,
            float[] dOut,
            int dOutOff,
            float[] dx,
            int dxOff,
            float[] dw1,
            float[] dw2) {
        if (Simd.enabled()) {
            MoReProductVector.backward(
                    s, x, xOff, rows, w1, w1Off, w2, w2Off, middle, dOut, dOutOff, dx, dxOff, dw1, dw2);
        } else {
            backwardScalar(s, x, xOff, rows, w1, w1Off, w2, w2Off, middle, dOut, dOutOff, dx, dxOff, dw1, dw2);
        }
    }

    /** The scalar twin of {@link #forward}: pad, block-diagonal, permute, block-diagonal, permute, truncate. */
    public static void forwardScalar(
            MoReShape s,
            float[] x,
            int xOff,
            int rows,
            float[] w1,
            int w1Off,
            float[] w2,
            int w2Off,
            float[] out,
            int outOff,
            float[] middle) {
        int k = s.blocks();
        float[] xpad = pad(x, xOff, rows, s.in(), s.paddedIn());
        float[] h = new float[rows * s.middle()];
        BlockDiagonalMatmul.forwardScalar(xpad, 0, rows, k, s.inBlk(), s.blkR(), w1, w1Off, h, 0);
        float[] g = new float[h.length];
        MonarchPermutation.transposeRows(h, 0, rows, s.blkR(), k, g, 0);
        float[] o = new float[rows * s.paddedOut()];
        BlockDiagonalMatmul.forwardScalar(g, 0, rows, k, s.blkR(), s.outBlk(), w2, w2Off, o, 0);
        float[] delta = new float[o.length];
        MonarchPermutation.transposeRows(o, 0, rows, k, s.outBlk(), delta, 0);
        for (int r = 0; r < rows; r++) {
            System.arraycopy(delta, r * s.paddedOut(), out, outOff + r * s.out(), s.out());
        }
        if (middle != null) {
            System.arraycopy(h, 0, middle, 0, h.length);
        }
    }

    /** The scalar twin of {@link #backward}: the unfused chain's gradients in reverse order. */
    public static void backwardScalar(
            MoReShape s,
            float[] x,
            int xOff,
            int rows,
            float[] w1,
            int w1Off,
            float[] w2,
            int w2Off,
            float[] middle,
            float[] dOut,
            int dOutOff,
            float[] dx,
            int dxOff,
            float[] dw1,
            float[] dw2) {
        int k = s.blocks();
        float[] xpad = pad(x, xOff, rows, s.in(), s.paddedIn());
        float[] h = middle;
        if (h == null) {
            h = new float[rows * s.middle()];
            BlockDiagonalMatmul.forwardScalar(xpad, 0, rows, k, s.inBlk(), s.blkR(), w1, w1Off, h, 0);
        }
        float[] g = new float[rows * s.middle()];
        MonarchPermutation.transposeRows(h, 0, rows, s.blkR(), k, g, 0);
        float[] dDelta = pad(dOut, dOutOff, rows, s.out(), s.paddedOut());
        float[] dO = new float[dDelta.length];
        MonarchPermutation.transposeRows(dDelta, 0, rows, s.outBlk(), k, dO, 0);
        BlockDiagonalMatmul.backwardWeightScalar(dO, 0, g, 0, rows, k, s.blkR(), s.outBlk(), dw2, 0, false);
        float[] dg = new float[g.length];
        BlockDiagonalMatmul.backwardInputScalar(dO, 0, rows, k, s.blkR(), s.outBlk(), w2, w2Off, dg, 0);
        float[] dh = new float[g.length];
        MonarchPermutation.transposeRows(dg, 0, rows, k, s.blkR(), dh, 0);
        BlockDiagonalMatmul.backwardWeightScalar(dh, 0, xpad, 0, rows, k, s.inBlk(), s.blkR(), dw1, 0, false);
        if (dx != null) {
            float[] dxpad = new float[xpad.length];
            BlockDiagonalMatmul.backwardInputScalar(dh, 0, rows, k, s.inBlk(), s.blkR(), w1, w1Off, dxpad, 0);
            for (int r = 0; r < rows; r++) {
                System.arraycopy(dxpad, r * s.paddedIn(), dx, dxOff + r * s.in(), s.in());
            }
        }
    }

    /** Rows of width {@code width} copied into rows of {@code padded}, zero-filled. */
    private static float[] pad(float[] src, int off, int rows, int width, int padded) {
        float[] dst = new float[rows * padded];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(src, off + r * width, dst, r * padded, width);
        }
        return dst;
    }
}
