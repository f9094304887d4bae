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
     * Only the row maximum is vectorised: exp has no exact vector form (see {@code VectorWidth}), and
     * the sum must add in a fixed order so that a seeded run repeats bit for bit.
     */
    private static void rows(float[] x, int off, int rows, int n, float[] out, int outOff, boolean log,
                             boolean simd) {
        for (int r = 0; r < rows; r++) {
            int xi = off + r * n;
            int oi = outOff + r * n;
            float max = simd ? ReductionsVector.max(x, xi, n) : rowMax(x, xi, n);
            float sum = 0f;
            for (int i = 0; i < n; i++) {
                float e = (float) Math.exp(x[xi + i] - max);
                sum += e;
                out[oi + i] = e;
            }
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

    private static float rowMax(float[] x, int off, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, x[off + i]);
        }
        return max;
    }
}
