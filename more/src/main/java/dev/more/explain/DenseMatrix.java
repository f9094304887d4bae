package dev.more.explain;

import dev.more.adapters.Svd;
import java.util.Arrays;

/**
 * A small dense matrix in double precision, row-major, for the pictures and their checks: the explicit
 * block-diagonal and permutation matrices of a MoRe product are multiplied out with it, so nothing here
 * needs to be fast.
 */
public final class DenseMatrix {
    private final int rows;
    private final int cols;
    private final double[] values;

    private DenseMatrix(int rows, int cols, double[] values) {
        if (rows < 1 || cols < 1 || (long) rows * cols != values.length) {
            throw new IllegalArgumentException("a " + rows + " x " + cols + " matrix needs positive sizes and "
                    + (long) rows * cols + " entries; got " + values.length);
        }
        this.rows = rows;
        this.cols = cols;
        this.values = values;
    }

    /** The matrix with the given row-major entries (copied). */
    public static DenseMatrix of(int rows, int cols, double... values) {
        return new DenseMatrix(rows, cols, values.clone());
    }

    /** The matrix with the given row-major float entries. */
    public static DenseMatrix ofFloats(int rows, int cols, float[] values) {
        double[] copy = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            copy[i] = values[i];
        }
        return new DenseMatrix(rows, cols, copy);
    }

    /**
     * The 0/1 matrix that moves entry {@code i} of a vector to {@code destination[i]}: {@code P[destination[i], i] = 1},
     * so {@code (P·v)[destination[i]] = v[i]}.
     *
     * @throws IllegalArgumentException if {@code destination} is not a permutation of 0..n-1
     */
    public static DenseMatrix permutation(int[] destination) {
        int n = destination.length;
        boolean[] hit = new boolean[n];
        double[] m = new double[n * n];
        for (int i = 0; i < n; i++) {
            int d = destination[i];
            if (d < 0 || d >= n || hit[d]) {
                throw new IllegalArgumentException(
                        "not a permutation of 0.." + (n - 1) + ": " + Arrays.toString(destination));
            }
            hit[d] = true;
            m[d * n + i] = 1;
        }
        return new DenseMatrix(n, n, m);
    }

    /** Rows. */
    public int rows() {
        return rows;
    }

    /** Columns. */
    public int cols() {
        return cols;
    }

    /** Entry (row, col). */
    public double get(int row, int col) {
        if (row < 0 || row >= rows || col < 0 || col >= cols) {
            throw new IndexOutOfBoundsException(
                    "(" + row + ", " + col + ") outside a " + rows + " x " + cols + " matrix");
        }
        return values[row * cols + col];
    }

    /** A copy of the row-major entries. */
    public double[] values() {
        return values.clone();
    }

    /** The product {@code this · other}. */
    public DenseMatrix times(DenseMatrix other) {
        if (cols != other.rows) {
            throw new IllegalArgumentException("cannot multiply a " + rows + " x " + cols + " matrix by a " + other.rows
                    + " x " + other.cols + " one");
        }
        double[] out = new double[rows * other.cols];
        for (int i = 0; i < rows; i++) {
            for (int p = 0; p < cols; p++) {
                double a = values[i * cols + p];
                if (a == 0) {
                    continue;
                }
                for (int j = 0; j < other.cols; j++) {
                    out[i * other.cols + j] += a * other.values[p * other.cols + j];
                }
            }
        }
        return new DenseMatrix(rows, other.cols, out);
    }

    /** The transpose. */
    public DenseMatrix transpose() {
        double[] out = new double[values.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                out[j * rows + i] = values[i * cols + j];
            }
        }
        return new DenseMatrix(cols, rows, out);
    }

    /** The rows in the order given: row {@code i} of the result is row {@code order[i]} of this. */
    public DenseMatrix rowsInOrder(int[] order) {
        double[] out = new double[order.length * cols];
        for (int i = 0; i < order.length; i++) {
            if (order[i] < 0 || order[i] >= rows) {
                throw new IndexOutOfBoundsException("row " + order[i] + " of a " + rows + "-row matrix");
            }
            System.arraycopy(values, order[i] * cols, out, i * cols, cols);
        }
        return new DenseMatrix(order.length, cols, out);
    }

    /** The largest absolute entry (0 for a zero matrix). */
    public double maxAbs() {
        double max = 0;
        for (double v : values) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    /** The Frobenius norm. */
    public double frobenius() {
        double sum = 0;
        for (double v : values) {
            sum += v * v;
        }
        return Math.sqrt(sum);
    }

    /** The singular values, descending ({@code min(rows, cols)} of them). */
    public double[] singularValues() {
        return Svd.of(values, rows, cols).s();
    }

    /**
     * The numerical rank: singular values above {@code relativeTolerance} times the largest. Factors
     * stored in float and multiplied out in double leave the zero singular values near 1e-15 of the
     * largest, so a tolerance of 1e-9 separates them safely.
     */
    public int rank(double relativeTolerance) {
        double[] s = singularValues();
        int rank = 0;
        for (double v : s) {
            if (v > relativeTolerance * s[0]) {
                rank++;
            }
        }
        return rank;
    }
}
