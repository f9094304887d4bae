package dev.more.adapters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SvdTest {
    /** rows × k matrix with orthonormal columns: Gram–Schmidt (twice, for accuracy) of a Gaussian matrix. */
    static double[] orthonormal(Random random, int rows, int k) {
        double[] q = new double[rows * k];
        for (int i = 0; i < q.length; i++) {
            q[i] = random.nextGaussian();
        }
        for (int c = 0; c < k; c++) {
            for (int pass = 0; pass < 2; pass++) {
                for (int prev = 0; prev < c; prev++) {
                    double dot = 0;
                    for (int i = 0; i < rows; i++) {
                        dot += q[i * k + c] * q[i * k + prev];
                    }
                    for (int i = 0; i < rows; i++) {
                        q[i * k + c] -= dot * q[i * k + prev];
                    }
                }
            }
            double norm = 0;
            for (int i = 0; i < rows; i++) {
                norm += q[i * k + c] * q[i * k + c];
            }
            for (int i = 0; i < rows; i++) {
                q[i * k + c] /= Math.sqrt(norm);
            }
        }
        return q;
    }

    /** U diag(s) Vᵀ for U (rows × k), V (cols × k). */
    static double[] compose(double[] u, double[] s, double[] v, int rows, int cols) {
        int k = s.length;
        double[] a = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                for (int c = 0; c < k; c++) {
                    a[i * cols + j] += u[i * k + c] * s[c] * v[j * k + c];
                }
            }
        }
        return a;
    }

    private static double maxAbs(double[] a) {
        double m = 0;
        for (double x : a) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    private static void assertDecomposes(double[] a, Svd svd) {
        int p = svd.rank();
        assertThat(p).isEqualTo(Math.min(svd.rows(), svd.cols()));
        // Reconstruction and orthonormality to 1e-12: Jacobi is accurate to a few ulps of the largest value.
        double[] back = compose(svd.u(), svd.s(), svd.v(), svd.rows(), svd.cols());
        for (int i = 0; i < a.length; i++) {
            assertThat(back[i]).isCloseTo(a[i], org.assertj.core.data.Offset.offset(1e-12 * (1 + maxAbs(a))));
        }
        for (int c = 1; c < p; c++) {
            assertThat(svd.s()[c]).isLessThanOrEqualTo(svd.s()[c - 1]);
        }
        checkOrthonormal(svd.u(), svd.rows(), p, svd.s());
        checkOrthonormal(svd.v(), svd.cols(), p, svd.s());
    }

    private static void checkOrthonormal(double[] q, int rows, int k, double[] s) {
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                if (s[a] == 0 || s[b] == 0) {
                    continue;
                }
                double dot = 0;
                for (int i = 0; i < rows; i++) {
                    dot += q[i * k + a] * q[i * k + b];
                }
                assertThat(dot).isCloseTo(a == b ? 1 : 0, org.assertj.core.data.Offset.offset(1e-12));
            }
        }
    }

    @Test
    void recoversKnownSingularValuesOfTallWideAndSquareMatrices() {
        Random random = new Random(1);
        int[][] sizes = {{7, 4}, {4, 7}, {6, 6}, {1, 5}, {5, 1}, {30, 12}};
        for (int[] size : sizes) {
            int rows = size[0];
            int cols = size[1];
            int k = Math.min(rows, cols);
            double[] s = new double[k];
            for (int c = 0; c < k; c++) {
                s[c] = 10.0 / (c + 1);
            }
            double[] a = compose(orthonormal(random, rows, k), s, orthonormal(random, cols, k), rows, cols);
            Svd svd = Svd.of(a, rows, cols);
            assertDecomposes(a, svd);
            for (int c = 0; c < k; c++) {
                assertThat(svd.s()[c])
                        .as("s[%d] of %dx%d", c, rows, cols)
                        .isCloseTo(s[c], org.assertj.core.data.Offset.offset(1e-12 * s[0]));
            }
        }
    }

    @Test
    void handlesRankDeficiencyRepeatedValuesAndZero() {
        Random random = new Random(2);
        double[] lowRank = compose(orthonormal(random, 8, 2), new double[] {3, 1}, orthonormal(random, 5, 2), 8, 5);
        Svd svd = Svd.of(lowRank, 8, 5);
        assertDecomposes(lowRank, svd);
        assertThat(svd.s()[2]).isLessThan(1e-13);

        double[] identity = new double[16];
        for (int i = 0; i < 4; i++) {
            identity[i * 4 + i] = 1;
        }
        Svd eye = Svd.of(identity, 4, 4);
        assertDecomposes(identity, eye);
        assertThat(eye.s()).containsOnly(1.0);

        Svd zero = Svd.of(new double[6], 2, 3);
        assertThat(zero.s()).containsOnly(0.0);
        assertThat(zero.truncated(2)).containsOnly(0.0);
    }

    @Test
    void truncationIsTheBestLowRankApproximation() {
        Random random = new Random(3);
        double[] s = {5, 4, 0.5, 0.25};
        double[] a = compose(orthonormal(random, 9, 4), s, orthonormal(random, 6, 4), 9, 6);
        double[] rank2 = Svd.of(a, 9, 6).truncated(2);
        double err = 0;
        for (int i = 0; i < a.length; i++) {
            err += (a[i] - rank2[i]) * (a[i] - rank2[i]);
        }
        // Eckart–Young: the error is the norm of the dropped singular values.
        assertThat(Math.sqrt(err)).isCloseTo(Math.hypot(0.5, 0.25), org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> Svd.of(new double[5], 2, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 x 3")
                .hasMessageContaining("got 5");
        assertThatThrownBy(() -> Svd.of(new double[0], 0, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Svd.of(new double[] {1, Double.NaN, 0, 1}, 2, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(0, 1) is NaN");
        assertThatThrownBy(() -> Svd.of(new double[] {1, 0, Double.POSITIVE_INFINITY, 1}, 2, 2))
                .hasMessageContaining("(1, 0) is Infinity");
    }

    @Test
    void exactlyRankDeficientMatricesConverge() {
        // (i+1)(j+1) has rank 1; a matrix with only 4 non-zero rows has rank 4.
        double[] outer = new double[8 * 8];
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < 8; j++) {
                outer[i * 8 + j] = (i + 1) * (j + 1);
            }
        }
        Svd rankOne = Svd.of(outer, 8, 8);
        assertThat(java.util.Arrays.stream(rankOne.s()).filter(v -> v > 0).count())
                .isEqualTo(1);
        double norm = 0;
        for (double x : outer) {
            norm += x * x;
        }
        assertThat(rankOne.s()[0])
                .isCloseTo(Math.sqrt(norm), org.assertj.core.api.Assertions.within(1e-9 * Math.sqrt(norm)));
        double[] fourRows = new double[16 * 16];
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 16; j++) {
                fourRows[i * 16 + j] = random.nextGaussian();
            }
        }
        assertThat(java.util.Arrays.stream(Svd.of(fourRows, 16, 16).s())
                        .filter(v -> v > 1e-9)
                        .count())
                .isEqualTo(4);
    }
}
