package dev.more.kernels.cpu;

import dev.more.kernels.BinaryOp;

/**
 * Layer normalisation over contiguous rows: {@code out = (x - mean) * rstd * gamma + beta} with
 * {@code rstd = 1 / sqrt(var + eps)} and the biased variance, as PyTorch defines it.
 */
public final class LayerNorm {
    private LayerNorm() {}

    /**
     * Normalises {@code rows} rows of {@code n}. {@code gamma} and {@code beta} (length {@code n})
     * may be null for no affine step; {@code mean} and {@code rstd} (length {@code rows}) may be null,
     * else they receive each row's statistics for the backward pass.
     */
    public static void forward(
            float[] x,
            int off,
            int rows,
            int n,
            float[] gamma,
            float[] beta,
            float eps,
            float[] out,
            int outOff,
            float[] mean,
            float[] rstd) {
        boolean simd = Simd.enabled();
        // Rows are independent, so the thread count never changes a result.
        Parallel.forRange(
                rows,
                Parallel.rowsPerTask(n),
                (from, to) -> forward(
                        x,
                        off + from * n,
                        to - from,
                        n,
                        gamma,
                        beta,
                        eps,
                        out,
                        outOff + from * n,
                        mean,
                        rstd,
                        from,
                        simd));
    }

    /**
     * Layer norm of a residual sum, {@code out = LayerNorm(x + residual)}, row by row with each row's sum
     * in cache: the bits of the add then {@link #forward}, without reading the sum back from memory.
     * {@code sum} receives x + residual when not null (the backward pass needs it), else it is not kept.
     * {@code out} may be x or the residual itself, at the same offsets: each row's sum is taken first.
     */
    public static void forwardResidual(
            float[] x,
            int xOff,
            float[] residual,
            int rOff,
            int rows,
            int n,
            float[] gamma,
            float[] beta,
            float eps,
            float[] sum,
            float[] out,
            int outOff) {
        boolean simd = Simd.enabled();
        Parallel.forRange(rows, Parallel.rowsPerTask(n), (from, to) -> {
            float[] row = sum != null ? sum : new float[n];
            for (int r = from; r < to; r++) {
                int si = sum != null ? r * n : 0;
                if (simd) {
                    ElementwiseVector.binary(BinaryOp.ADD, x, xOff + r * n, 1, residual, rOff + r * n, 1, row, si, n);
                } else {
                    for (int i = 0; i < n; i++) {
                        row[si + i] = x[xOff + r * n + i] + residual[rOff + r * n + i];
                    }
                }
                forward(row, si, 1, n, gamma, beta, eps, out, outOff + r * n, null, null, r, simd);
            }
        });
    }

    /** The scalar twin of {@link #forward}. */
    public static void forwardScalar(
            float[] x,
            int off,
            int rows,
            int n,
            float[] gamma,
            float[] beta,
            float eps,
            float[] out,
            int outOff,
            float[] mean,
            float[] rstd) {
        forward(x, off, rows, n, gamma, beta, eps, out, outOff, mean, rstd, 0, false);
    }

    private static void forward(
            float[] x,
            int off,
            int rows,
            int n,
            float[] gamma,
            float[] beta,
            float eps,
            float[] out,
            int outOff,
            float[] mean,
            float[] rstd,
            int firstRow,
            boolean simd) {
        for (int r = 0; r < rows; r++) {
            int xi = off + r * n;
            int oi = outOff + r * n;
            float m = rowSum(x, xi, n, simd) / n;
            float var = sumSquaredDeviation(x, xi, n, m, simd) / n;
            float rs = (float) (1.0 / Math.sqrt(var + eps));
            int i = simd ? LayerNormVector.normalize(x, xi, n, m, rs, gamma, beta, out, oi) : 0;
            for (; i < n; i++) {
                float y = (x[xi + i] - m) * rs;
                if (gamma != null) {
                    y *= gamma[i];
                }
                if (beta != null) {
                    y += beta[i];
                }
                out[oi + i] = y;
            }
            if (mean != null) {
                mean[firstRow + r] = m;
            }
            if (rstd != null) {
                rstd[firstRow + r] = rs;
            }
        }
    }

    private static float rowSum(float[] x, int off, int n, boolean simd) {
        if (simd) {
            return ReductionsVector.sum(x, off, n);
        }
        float s = 0f;
        for (int i = 0; i < n; i++) {
            s += x[off + i];
        }
        return s;
    }

    private static float sumSquaredDeviation(float[] x, int off, int n, float mean, boolean simd) {
        if (simd) {
            return ReductionsVector.sumSquaredDeviation(x, off, n, mean);
        }
        float s = 0f;
        for (int i = 0; i < n; i++) {
            float d = x[off + i] - mean;
            s += d * d;
        }
        return s;
    }

    /**
     * The gradients of {@link #forward} for {@code rows} rows of {@code n}, recomputing each row's
     * statistics: {@code dx = rstd · (g - mean(g) - xhat · mean(g · xhat))} with {@code g = dy · gamma}
     * (or dy without gamma). {@code dgamma} and {@code dbeta} (length n, may be null) are overwritten
     * with the sums over rows of {@code dy · xhat} and {@code dy}, rows added in order.
     */
    public static void backward(
            float[] x,
            int off,
            int rows,
            int n,
            float[] gamma,
            float eps,
            float[] dy,
            int dyOff,
            float[] dx,
            int dxOff,
            float[] dgamma,
            float[] dbeta) {
        boolean simd = Simd.enabled();
        if (dgamma != null || dbeta != null) {
            // gamma's and beta's gradients sum over rows, in row order.
            backward(x, off, rows, n, gamma, eps, dy, dyOff, dx, dxOff, dgamma, dbeta, simd);
            return;
        }
        Parallel.forRange(
                rows,
                Parallel.rowsPerTask(n),
                (from, to) -> backward(
                        x,
                        off + from * n,
                        to - from,
                        n,
                        gamma,
                        eps,
                        dy,
                        dyOff + from * n,
                        dx,
                        dxOff + from * n,
                        null,
                        null,
                        simd));
    }

    /** The scalar twin of {@link #backward}. */
    public static void backwardScalar(
            float[] x,
            int off,
            int rows,
            int n,
            float[] gamma,
            float eps,
            float[] dy,
            int dyOff,
            float[] dx,
            int dxOff,
            float[] dgamma,
            float[] dbeta) {
        backward(x, off, rows, n, gamma, eps, dy, dyOff, dx, dxOff, dgamma, dbeta, false);
    }

    private static void backward(
            float[] x,
            int off,
            int rows,
            int n,
            float[] gamma,
            float eps,
            float[] dy,
            int dyOff,
            float[] dx,
            int dxOff,
            float[] dgamma,
            float[] dbeta,
            boolean simd) {
        if (dgamma != null) {
            java.util.Arrays.fill(dgamma, 0, n, 0f);
        }
        if (dbeta != null) {
            java.util.Arrays.fill(dbeta, 0, n, 0f);
        }
        float[] xhat = new float[n];
        float[] g = new float[n];
        for (int r = 0; r < rows; r++) {
            int xi = off + r * n;
            int di = dyOff + r * n;
            float m = rowSum(x, xi, n, simd) / n;
            float rs = (float) (1.0 / Math.sqrt(sumSquaredDeviation(x, xi, n, m, simd) / n + eps));
            float sumG = 0f;
            float sumGX = 0f;
            for (int i = 0; i < n; i++) {
                xhat[i] = (x[xi + i] - m) * rs;
                g[i] = gamma == null ? dy[di + i] : dy[di + i] * gamma[i];
                sumG += g[i];
                sumGX += g[i] * xhat[i];
                if (dgamma != null) {
                    dgamma[i] = Math.fma(dy[di + i], xhat[i], dgamma[i]);
                }
                if (dbeta != null) {
                    dbeta[i] += dy[di + i];
                }
            }
            float meanG = sumG / n;
            float meanGX = sumGX / n;
            int oi = dxOff + r * n;
            for (int i = 0; i < n; i++) {
                dx[oi + i] = rs * (g[i] - meanG - xhat[i] * meanGX);
            }
        }
    }
}
