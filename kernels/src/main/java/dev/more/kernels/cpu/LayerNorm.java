package dev.more.kernels.cpu;

/**
 * Layer normalisation over contiguous rows: {@code out = (x - mean) * rstd * gamma + beta} with
 * {@code rstd = 1 / sqrt(var + eps)} and the biased variance, as PyTorch defines it.
 */
public final class LayerNorm {
    private LayerNorm() {
    }

    /**
     * Normalises {@code rows} rows of {@code n}. {@code gamma} and {@code beta} (length {@code n})
     * may be null for no affine step; {@code mean} and {@code rstd} (length {@code rows}) may be null,
     * else they receive each row's statistics for the backward pass.
     */
    public static void forward(float[] x, int off, int rows, int n, float[] gamma, float[] beta,
                               float eps, float[] out, int outOff, float[] mean, float[] rstd) {
        forward(x, off, rows, n, gamma, beta, eps, out, outOff, mean, rstd, Simd.enabled());
    }

    /** The scalar twin of {@link #forward}. */
    public static void forwardScalar(float[] x, int off, int rows, int n, float[] gamma, float[] beta,
                                     float eps, float[] out, int outOff, float[] mean, float[] rstd) {
        forward(x, off, rows, n, gamma, beta, eps, out, outOff, mean, rstd, false);
    }

    private static void forward(float[] x, int off, int rows, int n, float[] gamma, float[] beta,
                                float eps, float[] out, int outOff, float[] mean, float[] rstd,
                                boolean simd) {
        for (int r = 0; r < rows; r++) {
            int xi = off + r * n;
            int oi = outOff + r * n;
            float m = rowSum(x, xi, n, simd) / n;
            float var = sumSquaredDeviation(x, xi, n, m, simd) / n;
            float rs = (float) (1.0 / Math.sqrt(var + eps));
            for (int i = 0; i < n; i++) {
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
                mean[r] = m;
            }
            if (rstd != null) {
                rstd[r] = rs;
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
}
