package dev.more.kernels.cpu;

/**
 * Row reductions over contiguous rows: {@code rows} rows of {@code n} floats starting at {@code off},
 * one result per row. Callers move the reduced axes last (and make them contiguous) first.
 */
public final class Reductions {
    private Reductions() {
    }

    /** Applies {@code op} to each of {@code rows} contiguous rows of {@code n}. */
    public static void rows(ReduceOp op, float[] x, int off, int rows, int n, float[] out, int outOff) {
        switch (op) {
            case SUM -> sum(x, off, rows, n, out, outOff);
            case MAX -> max(x, off, rows, n, out, outOff);
            case ARGMAX -> argmax(x, off, rows, n, out, outOff);
        }
    }

    /** Row sums. */
    public static void sum(float[] x, int off, int rows, int n, float[] out, int outOff) {
        if (!Simd.enabled()) {
            sumScalar(x, off, rows, n, out, outOff);
            return;
        }
        for (int r = 0; r < rows; r++) {
            out[outOff + r] = ReductionsVector.sum(x, off + r * n, n);
        }
    }

    /** The scalar twin of {@link #sum}. */
    public static void sumScalar(float[] x, int off, int rows, int n, float[] out, int outOff) {
        for (int r = 0; r < rows; r++) {
            float s = 0f;
            for (int i = off + r * n, end = i + n; i < end; i++) {
                s += x[i];
            }
            out[outOff + r] = s;
        }
    }

    /** Row maxima; an empty row gives negative infinity and a NaN anywhere gives NaN. */
    public static void max(float[] x, int off, int rows, int n, float[] out, int outOff) {
        if (!Simd.enabled()) {
            maxScalar(x, off, rows, n, out, outOff);
            return;
        }
        for (int r = 0; r < rows; r++) {
            out[outOff + r] = ReductionsVector.max(x, off + r * n, n);
        }
    }

    /** The scalar twin of {@link #max}. */
    public static void maxScalar(float[] x, int off, int rows, int n, float[] out, int outOff) {
        for (int r = 0; r < rows; r++) {
            float m = Float.NEGATIVE_INFINITY;
            for (int i = off + r * n, end = i + n; i < end; i++) {
                m = Math.max(m, x[i]);
            }
            out[outOff + r] = m;
        }
    }

    /** The index of each row's first maximum (a NaN counts as the maximum), as a float. */
    public static void argmax(float[] x, int off, int rows, int n, float[] out, int outOff) {
        for (int r = 0; r < rows; r++) {
            int start = off + r * n;
            int best = 0;
            for (int i = 1; i < n; i++) {
                float v = x[start + i];
                float b = x[start + best];
                if (v > b || (Float.isNaN(v) && !Float.isNaN(b))) {
                    best = i;
                }
            }
            out[outOff + r] = best;
        }
    }
}
