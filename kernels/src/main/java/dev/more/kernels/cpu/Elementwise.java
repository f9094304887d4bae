package dev.more.kernels.cpu;

import dev.more.kernels.BinaryOp;
import dev.more.kernels.UnaryOp;

/**
 * Elementwise kernels over strided operands of one shape, writing a contiguous output (or, for
 * {@link #copy}, a strided one). Broadcasting is a stride of 0. Rows whose operands are contiguous
 * run vectorised when {@link Simd#enabled()}; the {@code *Scalar} twins are the reference.
 */
public final class Elementwise {
    private Elementwise() {}

    /** {@code out[i] = op(x[i])} for every index of {@code shape}; {@code out} is contiguous. */
    public static void unary(UnaryOp op, float[] x, int xOff, int[] xStrides, int[] shape, float[] out, int outOff) {
        unary(op, x, xOff, xStrides, shape, out, outOff, Simd.enabled());
    }

    /** The scalar twin of {@link #unary}. */
    public static void unaryScalar(
            UnaryOp op, float[] x, int xOff, int[] xStrides, int[] shape, float[] out, int outOff) {
        unary(op, x, xOff, xStrides, shape, out, outOff, false);
    }

    private static void unary(
            UnaryOp op, float[] x, int xOff, int[] xStrides, int[] shape, float[] out, int outOff, boolean simd) {
        Strides w =
                Strides.walk(shape, new int[][] {xStrides, Layouts.contiguousStrides(shape)}, new int[] {xOff, outOff});
        int n = w.rowLength();
        for (; w.hasRow(); w.nextRow()) {
            int xs = w.rowStride(0);
            int xi = w.offset(0);
            int oi = w.offset(1);
            if (simd && xs == 1) {
                ElementwiseVector.unary(op, x, xi, out, oi, n);
                continue;
            }
            for (int i = 0; i < n; i++, xi += xs) {
                out[oi + i] = op.apply(x[xi]);
            }
        }
    }

    /**
     * GELU's backward over contiguous rows, {@code out[i] = dy[i] · GELU'(x[i])}: the same bits as
     * {@link UnaryOp#GELU_DERIVATIVE} followed by a {@link BinaryOp#MUL}, in one pass and without the
     * intermediate array.
     */
    public static void geluBackward(float[] x, int xOff, float[] dy, int dyOff, int n, float[] out, int outOff) {
        boolean simd = Simd.enabled();
        int done = simd ? VectorMath.geluBackwardRow(x, xOff, dy, dyOff, out, outOff, n) : 0;
        for (int i = done; i < n; i++) {
            float v = x[xOff + i];
            out[outOff + i] = dy[dyOff + i] * (simd ? VectorMath.geluDerivative(v) : UnaryOp.GELU_DERIVATIVE.apply(v));
        }
    }

    /** {@code out[i] = op(a[i], b[i])} for every index of {@code shape}; {@code out} is contiguous. */
    public static void binary(
            BinaryOp op,
            float[] a,
            int aOff,
            int[] aStrides,
            float[] b,
            int bOff,
            int[] bStrides,
            int[] shape,
            float[] out,
            int outOff) {
        binary(op, a, aOff, aStrides, b, bOff, bStrides, shape, out, outOff, Simd.enabled());
    }

    /** The scalar twin of {@link #binary}. */
    public static void binaryScalar(
            BinaryOp op,
            float[] a,
            int aOff,
            int[] aStrides,
            float[] b,
            int bOff,
            int[] bStrides,
            int[] shape,
            float[] out,
            int outOff) {
        binary(op, a, aOff, aStrides, b, bOff, bStrides, shape, out, outOff, false);
    }

    private static void binary(
            BinaryOp op,
            float[] a,
            int aOff,
            int[] aStrides,
            float[] b,
            int bOff,
            int[] bStrides,
            int[] shape,
            float[] out,
            int outOff,
            boolean simd) {
        Strides w = Strides.walk(
                shape, new int[][] {aStrides, bStrides, Layouts.contiguousStrides(shape)}, new int[] {aOff, bOff, outOff
                });
        int n = w.rowLength();
        for (; w.hasRow(); w.nextRow()) {
            int as = w.rowStride(0);
            int bs = w.rowStride(1);
            int ai = w.offset(0);
            int bi = w.offset(1);
            int oi = w.offset(2);
            if (simd && as <= 1 && bs <= 1 && n > 1) {
                ElementwiseVector.binary(op, a, ai, as, b, bi, bs, out, oi, n);
                continue;
            }
            for (int i = 0; i < n; i++, ai += as, bi += bs) {
                out[oi + i] = op.apply(a[ai], b[bi]);
            }
        }
    }

    /** {@code out[i] = cond[i] != 0 ? a[i] : b[i]}; {@code out} is contiguous. */
    public static void where(
            float[] cond,
            int cOff,
            int[] cStrides,
            float[] a,
            int aOff,
            int[] aStrides,
            float[] b,
            int bOff,
            int[] bStrides,
            int[] shape,
            float[] out,
            int outOff) {
        Strides w = Strides.walk(
                shape,
                new int[][] {cStrides, aStrides, bStrides, Layouts.contiguousStrides(shape)},
                new int[] {cOff, aOff, bOff, outOff});
        int n = w.rowLength();
        for (; w.hasRow(); w.nextRow()) {
            int ci = w.offset(0);
            int ai = w.offset(1);
            int bi = w.offset(2);
            int oi = w.offset(3);
            for (int i = 0; i < n; i++) {
                out[oi + i] = cond[ci] != 0f ? a[ai] : b[bi];
                ci += w.rowStride(0);
                ai += w.rowStride(1);
                bi += w.rowStride(2);
            }
        }
    }

    /** Copies {@code src} into {@code dst}, both strided views of {@code shape}. */
    public static void copy(
            float[] src, int srcOff, int[] srcStrides, int[] shape, float[] dst, int dstOff, int[] dstStrides) {
        Strides w = Strides.walk(shape, new int[][] {srcStrides, dstStrides}, new int[] {srcOff, dstOff});
        int n = w.rowLength();
        for (; w.hasRow(); w.nextRow()) {
            int ss = w.rowStride(0);
            int ds = w.rowStride(1);
            int si = w.offset(0);
            int di = w.offset(1);
            if (ss == 1 && ds == 1) {
                System.arraycopy(src, si, dst, di, n);
                continue;
            }
            for (int i = 0; i < n; i++, si += ss, di += ds) {
                dst[di] = src[si];
            }
        }
    }
}
