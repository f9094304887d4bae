package dev.more.kernels.cpu;

/**
 * Batched block-diagonal product in the official MoRe layout: x (rows, k·p) times k blocks
 * {@code w} of shape (q, p) gives y (rows, k·q) with {@code y[r, j·q + s] = Σ_p w[j, s, p] · x[r, j·p + p']}.
 * Each block is one strided {@link Gemm} call, so the products use the packed GEMM when large.
 * All arrays are row-major and contiguous from their offsets.
 */
public final class BlockDiagonalMatmul {
    private BlockDiagonalMatmul() {}

    /** {@code y = x · blockdiag(w)ᵀ}. */
    public static void forward(
            float[] x, int xOff, int rows, int k, int p, int q, float[] w, int wOff, float[] y, int yOff) {
        for (int j = 0; j < k; j++) {
            Gemm.gemm(rows, q, p, 1f, x, xOff + j * p, k * p, 1, w, wOff + j * q * p, 1, p, 0f, y, yOff + j * q, k * q);
        }
    }

    /** {@code dx = dy · blockdiag(w)}: the gradient with respect to x. */
    public static void backwardInput(
            float[] dy, int dyOff, int rows, int k, int p, int q, float[] w, int wOff, float[] dx, int dxOff) {
        for (int j = 0; j < k; j++) {
            Gemm.gemm(
                    rows,
                    p,
                    q,
                    1f,
                    dy,
                    dyOff + j * q,
                    k * q,
                    1,
                    w,
                    wOff + j * q * p,
                    p,
                    1,
                    0f,
                    dx,
                    dxOff + j * p,
                    k * p);
        }
    }

    /** {@code dw[j] = dy_jᵀ · x_j}, added to {@code dw} when {@code accumulate}. */
    public static void backwardWeight(
            float[] dy,
            int dyOff,
            float[] x,
            int xOff,
            int rows,
            int k,
            int p,
            int q,
            float[] dw,
            int dwOff,
            boolean accumulate) {
        for (int j = 0; j < k; j++) {
            Gemm.gemm(
                    q,
                    p,
                    rows,
                    1f,
                    dy,
                    dyOff + j * q,
                    1,
                    k * q,
                    x,
                    xOff + j * p,
                    k * p,
                    1,
                    accumulate ? 1f : 0f,
                    dw,
                    dwOff + j * q * p,
                    p);
        }
    }

    /** The scalar twin of {@link #forward}. */
    public static void forwardScalar(
            float[] x, int xOff, int rows, int k, int p, int q, float[] w, int wOff, float[] y, int yOff) {
        for (int j = 0; j < k; j++) {
            Gemm.gemmScalar(
                    rows, q, p, 1f, x, xOff + j * p, k * p, 1, w, wOff + j * q * p, 1, p, 0f, y, yOff + j * q, k * q);
        }
    }

    /** The scalar twin of {@link #backwardInput}. */
    public static void backwardInputScalar(
            float[] dy, int dyOff, int rows, int k, int p, int q, float[] w, int wOff, float[] dx, int dxOff) {
        for (int j = 0; j < k; j++) {
            Gemm.gemmScalar(
                    rows,
                    p,
                    q,
                    1f,
                    dy,
                    dyOff + j * q,
                    k * q,
                    1,
                    w,
                    wOff + j * q * p,
                    p,
                    1,
                    0f,
                    dx,
                    dxOff + j * p,
                    k * p);
        }
    }

    /** The scalar twin of {@link #backwardWeight}. */
    public static void backwardWeightScalar(
            float[] dy,
            int dyOff,
            float[] x,
            int xOff,
            int rows,
            int k,
            int p,
            int q,
            float[] dw,
            int dwOff,
            boolean accumulate) {
        for (int j = 0; j < k; j++) {
            Gemm.gemmScalar(
                    q,
                    p,
                    rows,
                    1f,
                    dy,
                    dyOff + j * q,
                    1,
                    k * q,
                    x,
                    xOff + j * p,
                    k * p,
                    1,
                    accumulate ? 1f : 0f,
                    dw,
                    dwOff + j * q * p,
                    p);
        }
    }
}
