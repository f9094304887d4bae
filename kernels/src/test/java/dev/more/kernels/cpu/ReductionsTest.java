package dev.more.kernels.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.more.kernels.ReduceOp;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReductionsTest {
    @Test
    void sumAndMaxMatchScalarTwinsAndDoubleReference() {
        Random random = new Random(3);
        for (int n : new int[] {1, 5, 8, 13, 64, 1000}) {
            int rows = 3;
            float[] x = new float[rows * n + 1];
            for (int i = 0; i < x.length; i++) {
                x[i] = random.nextFloat() * 2 - 1;
            }
            float[] sum = new float[rows];
            float[] sumRef = new float[rows];
            float[] max = new float[rows];
            float[] maxRef = new float[rows];
            float[] arg = new float[rows];
            Reductions.sum(x, 1, rows, n, sum, 0);
            Reductions.sumScalar(x, 1, rows, n, sumRef, 0);
            Reductions.max(x, 1, rows, n, max, 0);
            Reductions.maxScalar(x, 1, rows, n, maxRef, 0);
            Reductions.argmax(x, 1, rows, n, arg, 0);
            for (int r = 0; r < rows; r++) {
                double exact = 0;
                for (int i = 0; i < n; i++) {
                    exact += x[1 + r * n + i];
                }
                assertThat((double) sum[r]).isCloseTo(exact, within(1e-6 * n));
                assertThat((double) sumRef[r]).isCloseTo(exact, within(1e-6 * n));
                assertThat(max[r]).isEqualTo(maxRef[r]);
                assertThat(x[1 + r * n + (int) arg[r]]).isEqualTo(max[r]);
            }
        }
    }

    @Test
    void argmaxTakesTheFirstMaximumAndNaN() {
        float[] out = new float[2];
        Reductions.argmax(new float[] {1, 3, 3, 2, 0, Float.NaN, 5, 4}, 0, 2, 4, out, 0);
        assertThat(out).containsExactly(1f, 1f);
    }

    @Test
    void maxOfEmptyRowIsNegativeInfinity() {
        float[] out = new float[1];
        Reductions.max(new float[0], 0, 1, 0, out, 0);
        assertThat(out[0]).isEqualTo(Float.NEGATIVE_INFINITY);
    }

    @Test
    void columnReductionsTakeEachColumnInRowOrder() {
        Random random = new Random(4);
        for (int n : new int[] {1, 7, 16, 100, 333}) {
            int rows = 37;
            float[] x = new float[rows * n + 3];
            for (int i = 0; i < x.length; i++) {
                x[i] = random.nextFloat() * 2 - 1;
            }
            float[] sum = new float[n];
            float[] max = new float[n];
            Reductions.columns(ReduceOp.SUM, x, 3, rows, n, sum, 0);
            Reductions.columns(ReduceOp.MAX, x, 3, rows, n, max, 0);
            for (int j = 0; j < n; j++) {
                float s = 0f;
                float m = Float.NEGATIVE_INFINITY;
                for (int i = 0; i < rows; i++) {
                    s += x[3 + i * n + j];
                    m = Math.max(m, x[3 + i * n + j]);
                }
                assertThat(sum[j]).isEqualTo(s);
                assertThat(max[j]).isEqualTo(m);
            }
        }
    }
}
