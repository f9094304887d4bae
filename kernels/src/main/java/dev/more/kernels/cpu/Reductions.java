package dev.more.kernels.cpu;

import dev.more.kernels.ReduceOp;

/**
 * Row reductions over contiguous rows: {@code rows} rows of {@code n} floats starting at {@code off},
 * one result per row. Callers move the reduced axes last (and make them contiguous) first.
 */
public final class Reductions {
    private Reductions() {}

    /** Applies {@code op} to each of {@code rows} contiguous rows of {@code n}. */
    public static void rows(ReduceOp op, float[] x, int off, int rows, int n, float[] out, int outOff) {
        switch (op) {
            case SUM -> sum(x, off, rows, n, out, outOff);
            case MAX -> max(x, off, rows, n, out, outOff);
            case ARGMAX -> argmax(x, off, rows, n, out, outOff);
        }
    }

    /**
     * Column reductions of a contiguous (rows, n) block: {@code out[j] = op over i of x[off + i·n + j]},
     * for SUM and MAX, each column taken in row order. This is the layout a reduction over leading
     * axes sees (a bias gradient summed over batch and sequence), and reading it row by row avoids
     * the transposing copy that row reductions would need.
     */
    public static void columns(ReduceOp op, float[] x, int off, int rows, int n, float[] out, int outOff) {
        if (op == ReduceOp.ARGMAX) {
            throw new IllegalArgumentException("column reduction supports SUM and MAX, not ARGMAX");
        }
        boolean sum = op == ReduceOp.SUM;
        Parallel.forRange(n, Math.max(64, (1 << 16) / Math.max(1, rows)), (from, to) -> {
            int width = to - from;
            java.util.Arrays.fill(out, outOff + from, outOff + to, sum ? 0f : Float.NEGATIVE_INFINITY);
            for (int i = 0; i < rows; i++) {
                int done = Simd.enabled()
                        ? ReductionsVector.accumulateRow(sum, x, off + i * n + from, out, outOff + from, width)
                        : 0;
                for (int j = done; j < width; j++) {
                    float v = x[off + i * n + from + j];
                    int o = outOff + from + j;
                    out[o] = sum ? out[o] + v : Math.max(out[o], v);
                }
            }
        });
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
