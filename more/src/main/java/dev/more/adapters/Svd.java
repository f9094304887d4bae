package dev.more.adapters;

import java.util.Arrays;

/**
 * A thin singular value decomposition {@code A = U · diag(s) · Vᵀ} of a small dense matrix, in double
 * precision, by one-sided Jacobi rotations (Hestenes): pairs of columns are rotated until every pair
 * is orthogonal to working precision; the column norms are then the singular values. It is slower than
 * LAPACK's bidiagonal methods but short, needs no native code and is accurate to a few ulps relative to
 * the largest singular value, which is all the Monarch projection asks of it.
 *
 * <p>For {@code A} of shape (m, n) with {@code p = min(m, n)}: {@code u} is (m, p), {@code s} has p
 * entries in descending order, {@code v} is (n, p), all row-major. Columns of U (or V) that belong to a
 * zero singular value are zero rather than an arbitrary completion of the basis; every product
 * {@code U diag(s) Vᵀ} is unaffected.
 *
 * @param rows m
 * @param cols n
 * @param u left singular vectors, (m, p) row-major
 * @param s singular values, descending
 * @param v right singular vectors, (n, p) row-major
 */
public record Svd(int rows, int cols, double[] u, double[] s, double[] v) {
    /** Sweeps after which the iteration gives up; Jacobi converges quadratically, in well under 20. */
    private static final int MAX_SWEEPS = 60;

    /**
     * Decomposes the row-major (rows × cols) matrix {@code a}, which is not modified.
     *
     * @throws IllegalArgumentException if the sizes are not positive, do not match the array, or an entry is NaN or infinite
     * @throws ArithmeticException if the rotations have not converged after {@value #MAX_SWEEPS} sweeps
     */
    public static Svd of(double[] a, int rows, int cols) {
        if (rows < 1 || cols < 1 || (long) rows * cols != a.length) {
            throw new IllegalArgumentException("SVD of a " + rows + " x " + cols + " matrix needs positive sizes and "
                    + (long) rows * cols + " entries; got " + a.length);
        }
        for (int i = 0; i < a.length; i++) {
            if (!Double.isFinite(a[i])) {
                throw new IllegalArgumentException("SVD: entry (" + i / cols + ", " + i % cols + ") is " + a[i]);
            }
        }
        if (rows >= cols) {
            return tall(a, rows, cols);
        }
        // A = U S Vᵀ  ⇔  Aᵀ = V S Uᵀ: decompose the tall transpose and swap the factors.
        double[] t = new double[a.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = a[i * cols + j];
            }
        }
        Svd st = tall(t, cols, rows);
        return new Svd(rows, cols, st.v, st.s, st.u);
    }

    /** The decomposition of a matrix with at least as many rows as columns. */
    private static Svd tall(double[] a, int m, int n) {
        // Work on columns: col[j] holds column j of A, which converges to s_j · u_j.
        double[][] col = new double[n][m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                col[j][i] = a[i * n + j];
            }
        }
        double[][] vcol = new double[n][n];
        for (int j = 0; j < n; j++) {
            vcol[j][j] = 1;
        }
        // Columns count as orthogonal once |⟨a,b⟩| ≤ m·ε·‖a‖‖b‖: the rounding error of the dot product itself.
        double tolerance = m * Math.ulp(1.0);
        // A column whose norm has fallen to rounding noise of the whole matrix is a zero singular
        // value: rotating it against others only churns noise, and on rank-deficient input never stops.
        double frobenius2 = 0;
        for (double x : a) {
            frobenius2 += x * x;
        }
        double negligible = frobenius2 * tolerance * tolerance;
        int sweep = 0;
        boolean rotated = true;
        while (rotated) {
            if (sweep++ == MAX_SWEEPS) {
                throw new ArithmeticException(
                        "SVD of a " + m + " x " + n + " matrix did not converge in " + MAX_SWEEPS + " Jacobi sweeps");
            }
            rotated = false;
            for (int p = 0; p < n - 1; p++) {
                for (int q = p + 1; q < n; q++) {
                    rotated |= rotate(col[p], col[q], vcol[p], vcol[q], tolerance, negligible);
                }
            }
        }
        double[] norms = new double[n];
        for (int j = 0; j < n; j++) {
            norms[j] = Math.sqrt(dot(col[j], col[j]));
        }
        Integer[] order = new Integer[n];
        Arrays.setAll(order, j -> j);
        Arrays.sort(order, (x, y) -> Double.compare(norms[y], norms[x]));
        double[] u = new double[m * n];
        double[] s = new double[n];
        double[] v = new double[n * n];
        for (int c = 0; c < n; c++) {
            int j = order[c];
            // Rounding noise of the whole matrix is a zero singular value (see negligible above).
            s[c] = norms[j] * norms[j] <= negligible ? 0 : norms[j];
            if (s[c] > 0) {
                for (int i = 0; i < m; i++) {
                    u[i * n + c] = col[j][i] / s[c];
                }
            }
            for (int i = 0; i < n; i++) {
                v[i * n + c] = vcol[j][i];
            }
        }
        return new Svd(m, n, u, s, v);
    }

    /** One Jacobi rotation making columns a and b orthogonal (applied to V's columns too); false if already so. */
    private static boolean rotate(
            double[] a, double[] b, double[] va, double[] vb, double tolerance, double negligible) {
        double alpha = dot(a, a);
        double beta = dot(b, b);
        double gamma = dot(a, b);
        if (alpha <= negligible
                || beta <= negligible
                || gamma == 0
                || Math.abs(gamma) <= tolerance * Math.sqrt(alpha) * Math.sqrt(beta)) {
            return false;
        }
        double zeta = (beta - alpha) / (2 * gamma);
        double t = Math.signum(zeta) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        if (zeta == 0) {
            t = 1;
        }
        double c = 1 / Math.sqrt(1 + t * t);
        double sn = c * t;
        apply(a, b, c, sn);
        apply(va, vb, c, sn);
        return true;
    }

    private static void apply(double[] a, double[] b, double c, double s) {
        for (int i = 0; i < a.length; i++) {
            double x = a[i];
            double y = b[i];
            a[i] = c * x - s * y;
            b[i] = s * x + c * y;
        }
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    /** The number of singular values, {@code min(rows, cols)}. */
    public int rank() {
        return s.length;
    }

    /** {@code U_k diag(s_k) V_kᵀ} from the {@code k} largest singular values: the best rank-k approximation, row-major. */
    public double[] truncated(int k) {
        int p = s.length;
        int keep = Math.min(k, p);
        double[] out = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                double sum = 0;
                for (int c = 0; c < keep; c++) {
                    sum += u[i * p + c] * s[c] * v[j * p + c];
                }
                out[i * cols + j] = sum;
            }
        }
        return out;
    }
}
