package dev.more.kernels.cpu;

/**
 * Softmax and log-softmax over contiguous rows, shifted by the row maximum so that exp never
 * overflows.
 */
public final class Softmax {
    /** Rows whose steps run together in {@link #scaledMaskedRows} (4, 8 and 16 measured; 4 was fastest). */
    private static final int ROW_BLOCK = 4;

    private Softmax() {}

    /** {@code out = softmax(x)} (or log-softmax when {@code log}) for each of {@code rows} rows of {@code n}. */
    public static void rows(float[] x, int off, int rows, int n, float[] out, int outOff, boolean log) {
        boolean simd = Simd.enabled();
        // Rows are independent, so the thread count never changes a result.
        Parallel.forRange(
                rows,
                Parallel.rowsPerTask(n),
                (from, to) -> rows(x, off + from * n, to - from, n, out, outOff + from * n, log, simd));
    }

    /** The scalar twin of {@link #rows}. */
    public static void rowsScalar(float[] x, int off, int rows, int n, float[] out, int outOff, boolean log) {
        rows(x, off, rows, n, out, outOff, log, false);
    }

    /**
     * Attention's softmax in one pass: {@code out = softmax(x · scale + mask)} for each of {@code rows}
     * rows of {@code n}, where row r's additive mask starts at {@code mask[maskRows[r]]} ({@code mask}
     * null for none). The logits are rounded as the separate multiply and add would round them, so
     * the result equals the unfused ops bit for bit; only the two intermediate tensors are gone.
     */
    public static void scaledMaskedRows(
            float[] x, int off, int rows, int n, float scale, float[] mask, int[] maskRows, float[] out, int outOff) {
        boolean simd = Simd.enabled();
        Parallel.forRange(
                rows,
                Parallel.rowsPerTask(n),
                (from, to) -> scaledMaskedRows(
                        x, off + from * n, to - from, n, scale, mask, maskRows, from, out, outOff + from * n, simd));
    }

    /** The scalar twin of {@link #scaledMaskedRows}. */
    public static void scaledMaskedRowsScalar(
            float[] x, int off, int rows, int n, float scale, float[] mask, int[] maskRows, float[] out, int outOff) {
        scaledMaskedRows(x, off, rows, n, scale, mask, maskRows, 0, out, outOff, false);
    }

    /**
     * Rows from {@code firstRow} of the whole, on one thread: row r here takes its mask from
     * {@code maskRows[firstRow + r]}; {@code out} may be {@code x}. Each step runs over a block of rows before
     * the next: one row's steps wait on each other (its largest value, its sum), other rows' steps do not, so
     * the core overlaps them (an attention head's 128 rows of 128: 11.8-12.8 µs row by row, 10.3 in blocks of 4).
     */
    static void scaledMaskedRows(
            float[] x,
            int off,
            int rows,
            int n,
            float scale,
            float[] mask,
            int[] maskRows,
            int firstRow,
            float[] out,
            int outOff,
            boolean simd) {
        float[] maxima = new float[ROW_BLOCK];
        float[] sums = new float[ROW_BLOCK];
        for (int r0 = 0; r0 < rows; r0 += ROW_BLOCK) {
            int end = Math.min(rows, r0 + ROW_BLOCK);
            for (int r = r0; r < end; r++) {
                maxima[r - r0] = logitsAndMax(
                        x,
                        off + r * n,
                        n,
                        scale,
                        mask,
                        mask == null ? 0 : maskRows[firstRow + r],
                        out,
                        outOff + r * n,
                        simd);
            }
            for (int r = r0; r < end; r++) {
                int oi = outOff + r * n;
                sums[r - r0] = simd
                        ? SoftmaxVector.expShifted(out, oi, n, maxima[r - r0], out, oi)
                        : expShifted(out, oi, n, maxima[r - r0], out, oi);
            }
            for (int r = r0; r < end; r++) {
                scale(out, outOff + r * n, n, 1f / sums[r - r0], simd);
            }
        }
    }

    /** One row's {@code out = x · scale + mask} (mask from {@code mi}, or none); returns its largest value. */
    private static float logitsAndMax(
            float[] x, int xi, int n, float scale, float[] mask, int mi, float[] out, int oi, boolean simd) {
        float max = simd ? SoftmaxVector.scaleMaskAndMax(x, xi, n, scale, mask, mi, out, oi) : Float.NEGATIVE_INFINITY;
        for (int i = simd ? SoftmaxVector.wholeVectors(n) : 0; i < n; i++) {
            float v = x[xi + i] * scale;
            out[oi + i] = mask == null ? v : v + mask[mi + i];
            max = Math.max(max, out[oi + i]);
        }
        return max;
    }

    /**
     * The vector path uses {@code VectorMath}'s exp (JIT-independent, within 2 ulp) and sums lanes in a
     * fixed order, so that a seeded run repeats bit for bit; the scalar path uses {@link Math#exp}.
     */
    private static void rows(float[] x, int off, int rows, int n, float[] out, int outOff, boolean log, boolean simd) {
        for (int r = 0; r < rows; r++) {
            int xi = off + r * n;
            int oi = outOff + r * n;
            float max = simd ? ReductionsVector.max(x, xi, n) : rowMax(x, xi, n);
            if (!log) {
                normalizedExp(x, xi, n, max, out, oi, simd);
                continue;
            }
            float sum = simd ? SoftmaxVector.expShifted(x, xi, n, max, out, oi) : expShifted(x, xi, n, max, out, oi);
            float shift = max + (float) Math.log(sum);
            for (int i = 0; i < n; i++) {
                out[oi + i] = x[xi + i] - shift;
            }
        }
    }

    /** One row's softmax given its largest value: {@code out = exp(x - max) / Σ exp(x - max)}. */
    private static void normalizedExp(float[] x, int xi, int n, float max, float[] out, int oi, boolean simd) {
        float sum = simd ? SoftmaxVector.expShifted(x, xi, n, max, out, oi) : expShifted(x, xi, n, max, out, oi);
        scale(out, oi, n, 1f / sum, simd);
    }

    /** {@code x *= factor} over one row of n from {@code off}. */
    private static void scale(float[] x, int off, int n, float factor, boolean simd) {
        for (int i = simd ? SoftmaxVector.scaleInPlace(x, off, n, factor) : 0; i < n; i++) {
            x[off + i] *= factor;
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
    public static void backwardRows(
            float[] y, int yOff, float[] dy, int dyOff, int rows, int n, float[] dx, int dxOff, boolean log) {
        boolean simd = Simd.enabled();
        Parallel.forRange(
                rows,
                Parallel.rowsPerTask(n),
                (from, to) -> backwardRows(
                        y, yOff + from * n, dy, dyOff + from * n, to - from, n, 1f, dx, dxOff + from * n, log, simd));
    }

    /** The scalar twin of {@link #backwardRows}. */
    public static void backwardRowsScalar(
            float[] y, int yOff, float[] dy, int dyOff, int rows, int n, float[] dx, int dxOff, boolean log) {
        backwardRows(y, yOff, dy, dyOff, rows, n, 1f, dx, dxOff, log, false);
    }

    /**
     * The vector path sums the row's products in lanes (so its bits differ from the scalar twin's by the
     * summation order) and then forms every element as the scalar path does. One thread; {@code dx} may be
     * {@code dy} (each row's sum is taken before its elements are written).
     */
    static void backwardRows(
            float[] y,
            int yOff,
            float[] dy,
            int dyOff,
            int rows,
            int n,
            float scale,
            float[] dx,
            int dxOff,
            boolean log,
            boolean simd) {
        for (int r = 0; r < rows; r++) {
            int yi = yOff + r * n;
            int di = dyOff + r * n;
            int oi = dxOff + r * n;
            float dot;
            if (simd) {
                dot = log ? ReductionsVector.sum(dy, di, n) : ReductionsVector.dot(dy, di, y, yi, n);
            } else {
                dot = 0f;
                for (int i = 0; i < n; i++) {
                    dot += log ? dy[di + i] : dy[di + i] * y[yi + i];
                }
            }
            int i = simd && !log ? SoftmaxVector.gradientRow(y, yi, dy, di, dot, scale, dx, oi, n) : 0;
            for (; i < n; i++) {
                // Times the scale after the gradient is rounded, as the unfused ops do (a scale of 1 is exact).
                float g = log ? dy[di + i] - (float) Math.exp(y[yi + i]) * dot : y[yi + i] * (dy[di + i] - dot);
                dx[oi + i] = g * scale;
            }
        }
    }

    /**
     * The gradient of {@link #scaledMaskedRows} with respect to x: the softmax gradient times
     * {@code scale}, rounded as the unfused ops round it (the mask is a constant).
     */
    public static void scaledBackwardRows(
            float[] y, int yOff, float[] dy, int dyOff, int rows, int n, float scale, float[] dx, int dxOff) {
        boolean simd = Simd.enabled();
        Parallel.forRange(
                rows,
                Parallel.rowsPerTask(n),
                (from, to) -> backwardRows(
                        y,
                        yOff + from * n,
                        dy,
                        dyOff + from * n,
                        to - from,
                        n,
                        scale,
                        dx,
                        dxOff + from * n,
                        false,
                        simd));
    }
}
