package dev.more.kernels.opencl;

import dev.more.kernels.cpu.Softmax;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Softmax and its backward against the CPU's scalar twin. Tolerances: the sums over a row (n terms) add in another order, and the device's exp is within 3 ulp of the CPU's correctly rounded one, and
 * the results are normalised values of magnitude about 1 (probabilities, log-probabilities of inputs in [-4, 4]): {@link Twins#normalised} of n, with an absolute
 * floor of 8 ulp of 1 for results near zero (a difference of two nearly equal numbers).
 */
class ClSoftmaxTest {
    private static final int[][] ROWS_BY_N = {{1, 1}, {3, 5}, {17, 64}, {4, 384}, {2, 1000}};

    private final ClRuntime rt = ClTestDevice.runtime();
    private final Random random = new Random(13);

    @Test
    void softmaxAndItsBackwardMatchTheTwin() {
        for (int[] c : ROWS_BY_N) {
            int rows = c[0];
            int n = c[1];
            for (boolean log : new boolean[] {false, true}) {
                float[] x = Twins.random(random, 1 + rows * n, -4, 4);
                float[] y = new float[rows * n];
                Softmax.rowsScalar(x, 1, rows, n, y, 0, log);
                ClBuffer dy0 = ClSoftmax.rows(rt, rt.upload(x), 1, rows, n, log);
                String what = (log ? "log-softmax " : "softmax ") + rows + "x" + n;
                Twins.close(
                        what,
                        y,
                        rt.download(dy0, 0, y.length),
                        8 * Twins.UNIT_ROUNDOFF * (log ? 8 : 1),
                        Twins.normalised(n));
                float[] dy = Twins.random(random, 2 + rows * n, -1, 1);
                float[] dx = new float[rows * n];
                Softmax.backwardRows(y, 0, dy, 2, rows, n, dx, 0, log);
                Twins.close(
                        what + " backward",
                        dx,
                        rt.download(
                                ClSoftmax.backwardRows(rt, rt.upload(y), 0, rt.upload(dy), 2, rows, n, log),
                                0,
                                dx.length),
                        Twins.sumBound(n) * n,
                        Twins.normalised(n));
            }
        }
    }
}
