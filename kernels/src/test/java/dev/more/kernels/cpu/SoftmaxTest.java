package dev.more.kernels.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SoftmaxTest {
    @Test
    void matchesDoubleReferenceAndScalarTwin() {
        Random random = new Random(11);
        for (int n : new int[] {1, 3, 8, 30, 129}) {
            int rows = 4;
            float[] x = new float[rows * n];
            for (int i = 0; i < x.length; i++) {
                x[i] = (random.nextFloat() - 0.5f) * 40f; // wide range: the max shift matters
            }
            for (boolean log : new boolean[] {false, true}) {
                float[] out = new float[x.length];
                float[] ref = new float[x.length];
                Softmax.rows(x, 0, rows, n, out, 0, log);
                Softmax.rowsScalar(x, 0, rows, n, ref, 0, log);
                for (int r = 0; r < rows; r++) {
                    double max = Double.NEGATIVE_INFINITY;
                    for (int i = 0; i < n; i++) {
                        max = Math.max(max, x[r * n + i]);
                    }
                    double sum = 0;
                    for (int i = 0; i < n; i++) {
                        sum += Math.exp(x[r * n + i] - max);
                    }
                    for (int i = 0; i < n; i++) {
                        double p = Math.exp(x[r * n + i] - max) / sum;
                        double expected = log ? Math.log(p) : p;
                        double tol = log ? 1e-5 * Math.max(1, Math.abs(expected)) : 1e-6;
                        assertThat((double) out[r * n + i]).isCloseTo(expected, within(tol));
                        assertThat((double) ref[r * n + i]).isCloseTo(expected, within(tol));
                    }
                }
            }
        }
    }

    @Test
    void backwardIsTheJacobianProduct() {
        float[] x = {0.3f, -1.2f, 2.0f, 0.7f, 0.1f, 0.2f};
        float[] dy = {1f, -0.5f, 0.25f, 2f, 0f, -1f};
        for (boolean log : new boolean[] {false, true}) {
            float[] y = new float[6];
            Softmax.rowsScalar(x, 0, 2, 3, y, 0, log);
            float[] dx = new float[6];
            Softmax.backwardRows(y, 0, dy, 0, 2, 3, dx, 0, log);
            for (int r = 0; r < 2; r++) {
                double[] p = new double[3];
                double z = 0;
                for (int i = 0; i < 3; i++) {
                    z += Math.exp(x[r * 3 + i]);
                }
                for (int i = 0; i < 3; i++) {
                    p[i] = Math.exp(x[r * 3 + i]) / z;
                }
                for (int i = 0; i < 3; i++) {
                    double want = 0;
                    for (int j = 0; j < 3; j++) {
                        // d out_j / d x_i: softmax p_j(δij - p_i); log-softmax δij - p_i.
                        double jac = log ? (i == j ? 1 : 0) - p[i] : p[j] * ((i == j ? 1 : 0) - p[i]);
                        want += jac * dy[r * 3 + j];
                    }
                    assertThat((double) dx[r * 3 + i]).isCloseTo(want, within(1e-6));
                }
            }
        }
    }

    @Test
    void scaledMaskedRowsEqualTheSeparateOpsBitForBit() {
        Random random = new Random(5);
        int rows = 6;
        for (int n : new int[] {1, 7, 16, 33, 128}) {
            float[] x = new float[rows * n];
            for (int i = 0; i < x.length; i++) {
                x[i] = (random.nextFloat() - 0.5f) * 30f;
            }
            // Two mask rows shared by the six score rows (a padding mask broadcast over heads), with
            // masked keys at the most negative float as attention uses.
            float[] mask = new float[2 * n];
            for (int i = 0; i < mask.length; i++) {
                mask[i] = random.nextInt(4) == 0 ? -Float.MAX_VALUE : 0f;
            }
            int[] maskRows = {0, 0, 0, n, n, n};
            float scale = 0.125f + random.nextFloat();
            for (boolean simd : new boolean[] {true, false}) {
                float[] logits = new float[x.length];
                for (int r = 0; r < rows; r++) {
                    for (int i = 0; i < n; i++) {
                        float scaled = x[r * n + i] * scale;
                        logits[r * n + i] = scaled + mask[maskRows[r] + i];
                    }
                }
                float[] want = new float[x.length];
                float[] got = new float[x.length];
                if (simd) {
                    Softmax.rows(logits, 0, rows, n, want, 0, false);
                    Softmax.scaledMaskedRows(x, 0, rows, n, scale, mask, maskRows, got, 0);
                } else {
                    Softmax.rowsScalar(logits, 0, rows, n, want, 0, false);
                    Softmax.scaledMaskedRowsScalar(x, 0, rows, n, scale, mask, maskRows, got, 0);
                }
                assertThat(got).as("n=%d simd=%s", n, simd).containsExactly(want);

                float[] unmasked = new float[x.length];
                float[] scaledOnly = new float[x.length];
                for (int i = 0; i < x.length; i++) {
                    scaledOnly[i] = x[i] * scale;
                }
                float[] wantUnmasked = new float[x.length];
                if (simd) {
                    Softmax.scaledMaskedRows(x, 0, rows, n, scale, null, null, unmasked, 0);
                    Softmax.rows(scaledOnly, 0, rows, n, wantUnmasked, 0, false);
                } else {
                    Softmax.scaledMaskedRowsScalar(x, 0, rows, n, scale, null, null, unmasked, 0);
                    Softmax.rowsScalar(scaledOnly, 0, rows, n, wantUnmasked, 0, false);
                }
                assertThat(unmasked).as("unmasked n=%d simd=%s", n, simd).containsExactly(wantUnmasked);
            }
        }
    }

    @Test
    void scaledBackwardIsTheSoftmaxGradientTimesTheScale() {
        float[] y = {0.2f, 0.3f, 0.5f, 0.1f, 0.6f, 0.3f};
        float[] dy = {1f, -0.5f, 0.25f, 2f, 0f, -1f};
        float[] plain = new float[6];
        Softmax.backwardRows(y, 0, dy, 0, 2, 3, plain, 0, false);
        float[] scaled = new float[6];
        Softmax.scaledBackwardRows(y, 0, dy, 0, 2, 3, 0.3f, scaled, 0);
        for (int i = 0; i < 6; i++) {
            assertThat(scaled[i]).isEqualTo(plain[i] * 0.3f);
        }
    }

    @Test
    void backwardVectorPathEqualsItsScalarTwinUpToTheSummationOrder() {
        Random random = new Random(9);
        for (int n : new int[] {1, 7, 16, 33, 128, 200}) {
            int rows = 5;
            float[] x = new float[rows * n];
            float[] dy = new float[rows * n];
            for (int i = 0; i < x.length; i++) {
                x[i] = (random.nextFloat() - 0.5f) * 8f;
                dy[i] = (random.nextFloat() - 0.5f) * 4f;
            }
            for (boolean log : new boolean[] {false, true}) {
                float[] y = new float[x.length];
                Softmax.rowsScalar(x, 0, rows, n, y, 0, log);
                float[] vector = new float[x.length];
                float[] scalar = new float[x.length];
                Softmax.backwardRows(y, 0, dy, 0, rows, n, vector, 0, log);
                Softmax.backwardRowsScalar(y, 0, dy, 0, rows, n, scalar, 0, log);
                for (int r = 0; r < rows; r++) {
                    // The row's sum in another order moves by at most n·ε·Σ|terms|; each element takes
                    // that times its factor (y, or e^y for log-softmax), plus its own rounding.
                    double terms = 0;
                    for (int i = 0; i < n; i++) {
                        terms += Math.abs(log ? dy[r * n + i] : dy[r * n + i] * y[r * n + i]);
                    }
                    double sumError = n * Math.ulp(1f) * terms;
                    for (int i = r * n; i < (r + 1) * n; i++) {
                        double factor = log ? Math.exp(y[i]) : Math.abs(y[i]);
                        double bound = factor * sumError + 2 * Math.ulp(Math.abs(scalar[i]) + (float) (factor * terms));
                        assertThat((double) vector[i])
                                .as("n=%d log=%s i=%d", n, log, i)
                                .isCloseTo(scalar[i], within(bound));
                    }
                }
            }
        }
    }
}
