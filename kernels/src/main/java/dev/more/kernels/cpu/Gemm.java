package dev.more.kernels.cpu;

/**
 * Single-precision matrix product {@code C = A * B} over strided operands: A is m×k with strides
 * (aRs, aCs), B is k×n with strides (bRs, bCs), C is m×n row-major with leading dimension ldc.
 * Transposes are strides, so all four of NN, NT, TN, TT go through here without a copy of A.
 *
 * <p>First-pass kernel: rows of C are split across {@link Parallel}; a row of C is built either as a
 * sum of FMA'd rows of B (when B's rows are contiguous) or as dot products (when B's columns are).
 * The scalar twin accumulates each element in the same order with {@link Math#fma}, so the row-axpy
 * path equals it bit for bit.
 */
public final class Gemm {
    private static final int PARALLEL_GRAIN_FLOPS = 1 << 16;

    private Gemm() {
    }

    /** {@code C = A * B}. */
    public static void matmul(int m, int n, int k, float[] a, int aOff, int aRs, int aCs,
                              float[] b, int bOff, int bRs, int bCs, float[] c, int cOff, int ldc) {
        if (!Simd.enabled() || m == 0 || n == 0) {
            matmulScalar(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc);
            return;
        }
        if (bCs != 1 && !(aCs == 1 && bRs == 1)) {
            float[] packed = new float[k * n];
            Elementwise.copy(b, bOff, new int[] {bRs, bCs}, new int[] {k, n}, packed, 0, new int[] {n, 1});
            b = packed;
            bOff = 0;
            bRs = n;
            bCs = 1;
        }
        float[] bb = b;
        int bo = bOff;
        int brs = bRs;
        int grainRows = Math.max(1, PARALLEL_GRAIN_FLOPS / Math.max(1, n * k));
        if (bCs == 1) {
            Parallel.forRange(m, grainRows, (from, to) ->
                    GemmVector.rowsByAxpy(from, to, n, k, a, aOff, aRs, aCs, bb, bo, brs, c, cOff, ldc));
        } else {
            int bcs = bCs;
            Parallel.forRange(m, grainRows, (from, to) ->
                    GemmVector.rowsByDot(from, to, n, k, a, aOff, aRs, bb, bo, bcs, c, cOff, ldc));
        }
    }

    /** The scalar twin of {@link #matmul}: each element summed over p = 0..k-1 with fma. */
    public static void matmulScalar(int m, int n, int k, float[] a, int aOff, int aRs, int aCs,
                                    float[] b, int bOff, int bRs, int bCs, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float acc = 0f;
                for (int p = 0; p < k; p++) {
                    acc = Math.fma(a[aOff + i * aRs + p * aCs], b[bOff + p * bRs + j * bCs], acc);
                }
                c[cOff + i * ldc + j] = acc;
            }
        }
    }
}
