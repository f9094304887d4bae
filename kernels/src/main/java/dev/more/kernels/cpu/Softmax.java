package dev.more.kernels.cpu;

/**
 * Softmax and log-softmax over contiguous rows, shifted by the row maximum so that exp never
 * overflows.
 */
public final class Softmax {
    private Softmax() {
    }

    /** {@code out = softmax(x)} (or log-softmax when {@code log}) for each of {@code rows} rows of {@code n}. */
    public static void rows(float[] x, int off, int rows, int n, float[] out, int outOff, boolean log) {
        rows(x, off, rows, n, out, outOff, log, Simd.enabled());
    }

    /** The scalar twin of {@link #rows}. */
    public static void rowsScalar(float[] x, int off, int rows, int n, float[] out, int outOff,
                                  boolean log) {
        rows(x, off, rows, n, out, outOff, log, false);
    }

    /**
     * The vector path uses {@code VectorMath}'s exp (JIT-independent, within 2 ulp) and sums lanes in a
     * fixed order, so that a seeded run repeats bit for bit; the scalar path uses {@link Math#exp}.
     */
    private static void rows(float[] x, int off, int rows, int n, float[] out, int outOff, boolean log,
                             boolean simd) {
        for (int r = 0; r < rows; r++) {
            int xi = off + r * n;
            int oi = outOff + r * n;
            float max = simd ? ReductionsVector.max(x, xi, n) : rowMax(x, xi, n);
            float sum = simd ? ReductionsVector.expShifted(x, xi, n, max, out, oi) : expShifted(x, xi, n, max, out, oi);
            if (log) {
                float shift = max + (float) Math.log(sum);
                for (int i = 0; i < n; i++) {
                    out[oi + i] = x[xi + i] - shift;
                }
            } else {
                float inv = 1f / sum;
                for (int i = 0; i < n; i++) {
                    out[oi + i] *= inv;
                }
            }
        }
    }

    /** {@code out = exp(x - max)}; returns the sum. */
    private static float expShifted(float[] x, int xi, int n, float max, float[] out, int oi) {
        float sum = 0f;
        for (int i = 0; i < n; i++) {
            float e = (float) Math.exp(x[xi + i] - max);
            sum += e;
            out[oi + i] = e;
        }
        return sum;
    }

    private static float rowMax(float[] x, int off, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, x[off + i]);
        }
        return max;
    }

    /**
     * The gradient of {@link #rows} given its output {@code y} and the output's gradient {@code dy}:
     * {@code dx = y · (dy - Σ dy·y)} for softmax, {@code dx = dy - e^y · Σ dy} for log-softmax.
     */
    public static void backwardRows(float[] y, int yOff, float[] dy, int dyOff, int rows, int n, float[] dx, int dxOff,
                                    boolean log) {
        for (int r = 0; r < rows; r++) {
            int yi = yOff + r * n;
            int di = dyOff + r * n;
            int oi = dxOff + r * n;
            float dot = 0f;
            for (int i = 0; i < n; i++) {
                dot += log ? dy[di + i] : dy[di + i] * y[yi + i];
            }
            for (int i = 0; i < n; i++) {
                dx[oi + i] = log ? dy[di + i] - (float) Math.exp(y[yi + i]) * dot : y[yi + i] * (dy[di + i] - dot);
            }
        }
    }
}
