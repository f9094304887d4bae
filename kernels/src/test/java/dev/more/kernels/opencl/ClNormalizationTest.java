package dev.more.kernels.opencl;

import dev.more.kernels.cpu.LayerNorm;
import dev.more.kernels.cpu.Softmax;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Softmax and layer norm against the CPU's scalar twins. Tolerances: the sums over a row (n terms)
 * add in another order, the device's exp is within 3 ulp of the CPU's correctly rounded one, and the
 * results are normalised values of magnitude about 1 (probabilities, log-probabilities of inputs in
 * [-4, 4], standardised rows): a relative 2γ(n) plus a few ulp, with an absolute floor of 8 ulp of 1
 * for results near zero (a difference of two nearly equal numbers).
 */
class ClNormalizationTest {
    private static final int[][] ROWS_BY_N = {{1, 1}, {3, 5}, {17, 64}, {4, 384}, {2, 1000}};

    private final ClRuntime rt = ClTestDevice.runtime();
    private final Random random = new Random(13);

    private static double relative(int n) {
        return Twins.sumBound(n) * 4 + 8 * Twins.UNIT_ROUNDOFF;
    }

    @Test
    void softmaxAndItsBackwardMatchTheTwin() {
        for (int[] c : ROWS_BY_N) {
            int rows = c[0];
            int n = c[1];
            for (boolean log : new boolean[] {false, true}) {
                float[] x = Twins.random(random, 1 + rows * n, -4, 4);
                float[] y = new float[rows * n];
                Softmax.rowsScalar(x, 1, rows, n, y, 0, log);
                ClBuffer dy0 = ClNormalization.softmax(rt, rt.upload(x), 1, rows, n, log);
                String what = (log ? "log-softmax " : "softmax ") + rows + "x" + n;
                Twins.close(
                        what, y, rt.download(dy0, 0, y.length), 8 * Twins.UNIT_ROUNDOFF * (log ? 8 : 1), relative(n));
                float[] dy = Twins.random(random, 2 + rows * n, -1, 1);
                float[] dx = new float[rows * n];
                Softmax.backwardRows(y, 0, dy, 2, rows, n, dx, 0, log);
                Twins.close(
                        what + " backward",
                        dx,
                        rt.download(
                                ClNormalization.softmaxBackward(rt, rt.upload(y), 0, rt.upload(dy), 2, rows, n, log),
                                0,
                                dx.length),
                        Twins.sumBound(n) * n,
                        relative(n));
            }
        }
    }

    @Test
    void layerNormAndItsBackwardMatchTheTwin() {
        for (int[] c : ROWS_BY_N) {
            int rows = c[0];
            int n = c[1];
            if (n == 1) {
                continue; // a row of one has zero variance: 0/sqrt(eps) on both sides, checked below
            }
            for (int affine = 0; affine < 3; affine++) {
                float[] x = Twins.random(random, 3 + rows * n, -2, 2);
                float[] gamma = affine > 0 ? Twins.random(random, n, 0.5f, 1.5f) : null;
                float[] beta = affine > 1 ? Twins.random(random, n, -1, 1) : null;
                float[] y = new float[rows * n];
                LayerNorm.forwardScalar(x, 3, rows, n, gamma, beta, 1e-5f, y, 0, null, null);
                ClBuffer g = gamma == null ? null : rt.upload(gamma);
                ClBuffer b = beta == null ? null : rt.upload(beta);
                String what = "layer norm " + rows + "x" + n + " affine " + affine;
                Twins.close(
                        what,
                        y,
                        rt.download(ClNormalization.layerNorm(rt, rt.upload(x), 3, rows, n, g, b, 1e-5f), 0, y.length),
                        64 * Twins.UNIT_ROUNDOFF,
                        relative(n));
                float[] dy = Twins.random(random, rows * n, -1, 1);
                float[] dx = new float[rows * n];
                float[] dgamma = gamma == null ? null : new float[n];
                float[] dbeta = affine > 1 ? new float[n] : null;
                LayerNorm.backwardScalar(x, 3, rows, n, gamma, 1e-5f, dy, 0, dx, 0, dgamma, dbeta);
                ClBuffer[] d = ClNormalization.layerNormBackward(
                        rt, rt.upload(x), 3, rows, n, g, 1e-5f, rt.upload(dy), 0, affine > 1);
                Twins.close(
                        what + " dx", dx, rt.download(d[0], 0, dx.length), 64 * n * Twins.UNIT_ROUNDOFF, relative(n));
                if (dgamma != null) {
                    Twins.close(
                            what + " dgamma",
                            dgamma,
                            rt.download(d[1], 0, n),
                            64 * rows * Twins.UNIT_ROUNDOFF,
                            relative(rows));
                }
                if (dbeta != null) {
                    Twins.exact(what + " dbeta", dbeta, rt.download(d[2], 0, n));
                }
            }
        }
    }

    @Test
    void aConstantRowNormalisesToZero() {
        float[] x = {3, 3, 3, 7};
        float[] expected = new float[4];
        LayerNorm.forwardScalar(x, 0, 4, 1, null, null, 1e-5f, expected, 0, null, null);
        Twins.exact(
                "rows of one",
                expected,
                rt.download(ClNormalization.layerNorm(rt, rt.upload(x), 0, 4, 1, null, null, 1e-5f), 0, 4));
    }
}
