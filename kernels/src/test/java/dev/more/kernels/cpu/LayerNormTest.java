package dev.more.kernels.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LayerNormTest {
    @Test
    void normalisesEachRowAndAppliesTheAffineStep() {
        Random random = new Random(5);
        for (int n : new int[] {1, 7, 8, 384, 385}) {
            int rows = 3;
            float[] x = new float[rows * n];
            float[] gamma = new float[n];
            float[] beta = new float[n];
            for (int i = 0; i < x.length; i++) {
                x[i] = random.nextFloat() * 6 + 3;
            }
            for (int i = 0; i < n; i++) {
                gamma[i] = random.nextFloat() + 0.5f;
                beta[i] = random.nextFloat() - 0.5f;
            }
            float[] out = new float[x.length];
            float[] ref = new float[x.length];
            float[] mean = new float[rows];
            float[] rstd = new float[rows];
            LayerNorm.forward(x, 0, rows, n, gamma, beta, 1e-12f, out, 0, mean, rstd);
            LayerNorm.forwardScalar(x, 0, rows, n, gamma, beta, 1e-12f, ref, 0, null, null);
            for (int r = 0; r < rows; r++) {
                double m = 0;
                for (int i = 0; i < n; i++) {
                    m += x[r * n + i];
                }
                m /= n;
                double v = 0;
                for (int i = 0; i < n; i++) {
                    v += (x[r * n + i] - m) * (x[r * n + i] - m);
                }
                v /= n;
                double rs = 1 / Math.sqrt(v + 1e-12);
                assertThat((double) mean[r]).isCloseTo(m, within(1e-5));
                if (n > 1) {
                    assertThat((double) rstd[r]).isCloseTo(rs, within(1e-4 * rs));
                }
                for (int i = 0; i < n; i++) {
                    double expected = (x[r * n + i] - m) * rs * gamma[i] + beta[i];
                    double tol = n > 1 ? 2e-4 : 1e-6;
                    assertThat((double) out[r * n + i]).isCloseTo(expected, within(tol));
                    assertThat((double) ref[r * n + i]).isCloseTo(expected, within(tol));
                }
            }
        }
    }

    @Test
    void vectorAffineStepHasTheBitsOfTheScalarLoop() {
        // Rows of small integers summing to zero: mean, deviations and variance are exact in any summation
        // order, so both paths see the same statistics and only the affine step could differ.
        Random random = new Random(12);
        for (int n : new int[] {2, 16, 384, 389}) {
            int rows = 5;
            float[] x = new float[rows * n];
            for (int r = 0; r < rows; r++) {
                int total = 0;
                for (int i = 0; i < n - 1; i++) {
                    int v = random.nextInt(9) - 4;
                    x[r * n + i] = v;
                    total += v;
                }
                x[r * n + n - 1] = -total;
            }
            float[] gamma = new float[n];
            float[] beta = new float[n];
            for (int i = 0; i < n; i++) {
                gamma[i] = random.nextFloat() + 0.5f;
                beta[i] = random.nextFloat() - 0.5f;
            }
            for (boolean affine : new boolean[] {true, false}) {
                float[] g = affine ? gamma : null;
                float[] b = affine ? beta : null;
                float[] got = new float[x.length];
                float[] want = new float[x.length];
                LayerNorm.forward(x, 0, rows, n, g, b, 1e-5f, got, 0, null, null);
                LayerNorm.forwardScalar(x, 0, rows, n, g, b, 1e-5f, want, 0, null, null);
                assertThat(got).as("n=%d affine=%s", n, affine).containsExactly(want);
            }
        }
    }

    @Test
    void backwardMatchesTheDoubleFormula() {
        Random random = new Random(8);
        int rows = 3;
        for (int n : new int[] {1, 9, 33}) {
            float[] x = new float[rows * n];
            float[] dy = new float[rows * n];
            float[] gamma = new float[n];
            for (int i = 0; i < x.length; i++) {
                x[i] = random.nextFloat() * 4 - 2;
                dy[i] = random.nextFloat() * 2 - 1;
            }
            for (int i = 0; i < n; i++) {
                gamma[i] = random.nextFloat() + 0.5f;
            }
            float[] dx = new float[x.length];
            float[] dgamma = new float[n];
            float[] dbeta = new float[n];
            LayerNorm.backward(x, 0, rows, n, gamma, 1e-5f, dy, 0, dx, 0, dgamma, dbeta);
            double[] expGamma = new double[n];
            double[] expBeta = new double[n];
            for (int r = 0; r < rows; r++) {
                double m = 0;
                for (int i = 0; i < n; i++) {
                    m += x[r * n + i];
                }
                m /= n;
                double v = 0;
                for (int i = 0; i < n; i++) {
                    v += (x[r * n + i] - m) * (x[r * n + i] - m);
                }
                double rs = 1 / Math.sqrt(v / n + 1e-5);
                double sumG = 0;
                double sumGX = 0;
                for (int i = 0; i < n; i++) {
                    double xh = (x[r * n + i] - m) * rs;
                    double g = dy[r * n + i] * gamma[i];
                    sumG += g;
                    sumGX += g * xh;
                    expGamma[i] += dy[r * n + i] * xh;
                    expBeta[i] += dy[r * n + i];
                }
                for (int i = 0; i < n; i++) {
                    double xh = (x[r * n + i] - m) * rs;
                    double want = rs * (dy[r * n + i] * gamma[i] - sumG / n - xh * sumGX / n);
                    assertThat((double) dx[r * n + i]).isCloseTo(want, within(1e-4 * Math.max(1, rs)));
                }
            }
            for (int i = 0; i < n; i++) {
                assertThat((double) dgamma[i]).isCloseTo(expGamma[i], within(1e-5));
                assertThat((double) dbeta[i]).isCloseTo(expBeta[i], within(1e-5));
            }
        }
    }

    @Test
    void aResidualSumNormalisesAsTheAddThenTheNorm() {
        java.util.Random random = new java.util.Random(5);
        for (int n : new int[] {1, 7, 16, 384, 389}) {
            int rows = 37;
            float[] x = new float[2 + rows * n];
            float[] r = new float[rows * n + 1];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) random.nextGaussian();
            }
            for (int i = 0; i < r.length; i++) {
                r[i] = 4f * (float) random.nextGaussian();
            }
            float[] gamma = new float[n];
            float[] beta = new float[n];
            for (int i = 0; i < n; i++) {
                gamma[i] = 1f + 0.1f * (float) random.nextGaussian();
                beta[i] = (float) random.nextGaussian();
            }
            float[] sum = new float[rows * n];
            for (int i = 0; i < sum.length; i++) {
                sum[i] = x[2 + i] + r[1 + i];
            }
            float[] want = new float[rows * n];
            LayerNorm.forward(sum, 0, rows, n, gamma, beta, 1e-5f, want, 0, null, null);
            float[] got = new float[rows * n];
            float[] keptSum = new float[rows * n];
            LayerNorm.forwardResidual(x, 2, r, 1, rows, n, gamma, beta, 1e-5f, keptSum, got, 0);
            assertThat(got).as("n=%d", n).containsExactly(want);
            assertThat(keptSum).as("sum n=%d", n).containsExactly(sum);
            float[] alone = new float[rows * n];
            LayerNorm.forwardResidual(x, 2, r, 1, rows, n, null, null, 1e-5f, null, alone, 0);
            float[] plain = new float[rows * n];
            LayerNorm.forward(sum, 0, rows, n, null, null, 1e-5f, plain, 0, null, null);
            assertThat(alone).as("no affine, n=%d", n).containsExactly(plain);
        }
    }
}
