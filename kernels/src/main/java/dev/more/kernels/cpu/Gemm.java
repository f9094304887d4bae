package dev.more.kernels.cpu;

import dev.more.kernels.UnaryOp;

/**
 * Single-precision matrix product {@code C = alpha * A * B + beta * C} over strided operands: A is
 * m×k with strides (aRs, aCs), B is k×n with strides (bRs, bCs), C is m×n row-major with leading
 * dimension ldc. A transpose is just swapped strides, so NN, NT, TN and TT all run here; {@link #sgemm}
 * gives the BLAS-style spelling. As in BLAS, C is not read when beta is 0.
 *
 * <p>Large products run {@code PackedGemm} (packed panels, a register-blocked FMA micro-kernel, cache
 * blocking, threads from {@link Parallel}); small ones run row kernels that skip the packing cost.
 */
public final class Gemm {
    /** Below this many multiply-adds, packing costs more than it saves. */
    private static final long PACKED_MIN_WORK = 1L << 15;

    private static final int PARALLEL_GRAIN_FLOPS = 1 << 16;

    private Gemm() {}

    /**
     * Row-major BLAS {@code sgemm}: {@code C = alpha * op(A) * op(B) + beta * C}, where op(A) is m×k
     * (A stored k×m when {@code transA}), op(B) is k×n (B stored n×k when {@code transB}).
     */
    public static void sgemm(
            boolean transA,
            boolean transB,
            int m,
            int n,
            int k,
            float alpha,
            float[] a,
            int aOff,
            int lda,
            float[] b,
            int bOff,
            int ldb,
            float beta,
            float[] c,
            int cOff,
            int ldc) {
        gemm(
                m,
                n,
                k,
                alpha,
                a,
                aOff,
                transA ? 1 : lda,
                transA ? lda : 1,
                b,
                bOff,
                transB ? 1 : ldb,
                transB ? ldb : 1,
                beta,
                c,
                cOff,
                ldc);
    }

    /** {@code C = A * B}. */
    public static void matmul(
            int m,
            int n,
            int k,
            float[] a,
            int aOff,
            int aRs,
            int aCs,
            float[] b,
            int bOff,
            int bRs,
            int bCs,
            float[] c,
            int cOff,
            int ldc) {
        gemm(m, n, k, 1f, a, aOff, aRs, aCs, b, bOff, bRs, bCs, 0f, c, cOff, ldc);
    }

    /** {@code C = alpha * A * B + beta * C} over strided A and B. */
    public static void gemm(
            int m,
            int n,
            int k,
            float alpha,
            float[] a,
            int aOff,
            int aRs,
            int aCs,
            float[] b,
            int bOff,
            int bRs,
            int bCs,
            float beta,
            float[] c,
            int cOff,
            int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        if (!Simd.enabled() || k == 0) {
            gemmScalar(m, n, k, alpha, a, aOff, aRs, aCs, b, bOff, bRs, bCs, beta, c, cOff, ldc);
        } else if ((long) m * n * k >= PACKED_MIN_WORK || alpha != 1f || beta != 0f) {
            PackedGemm.gemm(m, n, k, alpha, a, aOff, aRs, aCs, b, bOff, bRs, bCs, beta, null, 0, c, cOff, ldc, null);
        } else {
            smallProduct(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc);
        }
    }

    /**
     * {@code C = A * B + bias}, the bias row ({@code bias[biasOff ..]}, n values) added to every row of
     * C: a linear layer. Each element's FMA chain starts from its bias value, so the result equals filling
     * C with the bias and calling {@link #gemm} with alpha 1 and beta 1, bit for bit; C is not read.
     */
    public static void gemmPlusBias(
            int m,
            int n,
            int k,
            float[] a,
            int aOff,
            int aRs,
            int aCs,
            float[] b,
            int bOff,
            int bRs,
            int bCs,
            float[] bias,
            int biasOff,
            float[] c,
            int cOff,
            int ldc) {
        gemmPlusBiasGelu(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, bias, biasOff, c, cOff, ldc, null);
    }

    /**
     * {@link #gemmPlusBias}, then {@code gelu = GELU(C)} at C's offsets ({@code gelu} may be C itself, or
     * null for none): a linear layer and its activation. The vectorised product applies GELU to each tile
     * as it finishes, while the tile is in cache, instead of in a second pass over C; the values are those
     * of {@link Elementwise#unary} with {@link UnaryOp#GELU} on C, bit for bit.
     */
    public static void gemmPlusBiasGelu(
            int m,
            int n,
            int k,
            float[] a,
            int aOff,
            int aRs,
            int aCs,
            float[] b,
            int bOff,
            int bRs,
            int bCs,
            float[] bias,
            int biasOff,
            float[] c,
            int cOff,
            int ldc,
            float[] gelu) {
        if (m == 0 || n == 0) {
            return;
        }
        if (Simd.enabled() && k > 0) {
            PackedGemm.gemm(m, n, k, 1f, a, aOff, aRs, aCs, b, bOff, bRs, bCs, 0f, bias, biasOff, c, cOff, ldc, gelu);
            return;
        }
        for (int r = 0; r < m; r++) {
            System.arraycopy(bias, biasOff, c, cOff + r * ldc, n);
        }
        gemmScalar(m, n, k, 1f, a, aOff, aRs, aCs, b, bOff, bRs, bCs, 1f, c, cOff, ldc);
        for (int r = 0; gelu != null && r < m; r++) {
            Elementwise.unary(UnaryOp.GELU, c, cOff + r * ldc, new int[] {1}, new int[] {n}, gelu, cOff + r * ldc);
        }
    }

    /** {@code C = A * B} by rows: FMA'd rows of B when they are contiguous, else dot products. */
    private static void smallProduct(
            int m,
            int n,
            int k,
            float[] a,
            int aOff,
            int aRs,
            int aCs,
            float[] b,
            int bOff,
            int bRs,
            int bCs,
            float[] c,
            int cOff,
            int ldc) {
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
        int bcs = bCs;
        int grainRows = Math.max(1, PARALLEL_GRAIN_FLOPS / Math.max(1, n * k));
        if (bcs == 1) {
            Parallel.forRange(
                    m,
                    grainRows,
                    (from, to) -> GemmVector.rowsByAxpy(from, to, n, k, a, aOff, aRs, aCs, bb, bo, brs, c, cOff, ldc));
        } else {
            Parallel.forRange(
                    m,
                    grainRows,
                    (from, to) -> GemmVector.rowsByDot(from, to, n, k, a, aOff, aRs, bb, bo, bcs, c, cOff, ldc));
        }
    }

    /** The scalar twin of {@link #matmul}. */
    public static void matmulScalar(
            int m,
            int n,
            int k,
            float[] a,
            int aOff,
            int aRs,
            int aCs,
            float[] b,
            int bOff,
            int bRs,
            int bCs,
            float[] c,
            int cOff,
            int ldc) {
        gemmScalar(m, n, k, 1f, a, aOff, aRs, aCs, b, bOff, bRs, bCs, 0f, c, cOff, ldc);
    }

    /** The scalar twin of {@link #gemm}: each element summed over p = 0..k-1 with fma. */
    public static void gemmScalar(
            int m,
            int n,
            int k,
            float alpha,
            float[] a,
            int aOff,
            int aRs,
            int aCs,
            float[] b,
            int bOff,
            int bRs,
            int bCs,
            float beta,
            float[] c,
            int cOff,
            int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float acc = 0f;
                for (int p = 0; p < k; p++) {
                    acc = Math.fma(a[aOff + i * aRs + p * aCs], b[bOff + p * bRs + j * bCs], acc);
                }
                int ci = cOff + i * ldc + j;
                float v = alpha * acc;
                c[ci] = beta == 0f ? v : Math.fma(beta, c[ci], v);
            }
        }
    }
}
