package dev.more.kernels.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Softmax and log-softmax over contiguous rows, shifted by the row maximum so that exp never
 * overflows.
 */
public final class Softmax {
    private Softmax() {
    }

    /** {@code out = softmax(x)} (or log-softmax when {@code log}) for each of {@code rows} rows of {@code n}. */
    public static void rows(float[] x, int off, int rows, int n, float[] out, int outOff, boolean log) {
        if (!Simd.enabled()) {
            rowsScalar(x, off, rows, n, out, outOff, log);
            return;
        }
        for (int r = 0; r < rows; r++) {
            Vectorized.row(x, off + r * n, n, out, outOff + r * n, log);
        }
    }

    /** The scalar twin of {@link #rows}. */
    public static void rowsScalar(float[] x, int off, int rows, int n, float[] out, int outOff,
                                  boolean log) {
        for (int r = 0; r < rows; r++) {
            int xi = off + r * n;
            int oi = outOff + r * n;
            float max = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                max = Math.max(max, x[xi + i]);
            }
            float sum = 0f;
            for (int i = 0; i < n; i++) {
                float e = (float) Math.exp(x[xi + i] - max);
                sum += e;
                out[oi + i] = e;
            }
            finish(x, xi, n, out, oi, log, max, sum);
        }
    }

    private static void finish(float[] x, int xi, int n, float[] out, int oi, boolean log, float max,
                               float sum) {
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

    /** The vectorised row; loaded only when SIMD is on. */
    private static final class Vectorized {
        private static final VectorSpecies<Float> S = VectorWidth.FLOATS;

        static void row(float[] x, int xi, int n, float[] out, int oi, boolean log) {
            float max = ReductionsVector.max(x, xi, n);
            FloatVector acc = FloatVector.zero(S);
            int i = 0;
            for (int bound = S.loopBound(n); i < bound; i += S.length()) {
                FloatVector e = FloatVector.fromArray(S, x, xi + i).sub(max).lanewise(VectorOperators.EXP);
                e.intoArray(out, oi + i);
                acc = acc.add(e);
            }
            float sum = acc.reduceLanes(VectorOperators.ADD);
            for (; i < n; i++) {
                float e = (float) Math.exp(x[xi + i] - max);
                out[oi + i] = e;
                sum += e;
            }
            finish(x, xi, n, out, oi, log, max, sum);
        }
    }
}
