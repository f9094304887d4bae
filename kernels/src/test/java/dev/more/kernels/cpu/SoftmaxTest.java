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
}
