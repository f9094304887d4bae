package dev.more.kernels.opencl;

import dev.more.kernels.cpu.LayerNorm;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Layer norm and its backward against the CPU's scalar twin. Tolerances: the sums over a row (n terms) add in another order, and
 * the results are normalised values of magnitude about 1 (standardised rows): {@link Twins#normalised} of n, with an absolute
 * floor of 8 ulp of 1 for results near zero (a difference of two nearly equal numbers).
 */
class ClLayerNormTest {
    private static final int[][] ROWS_BY_N = {{1, 1}, {3, 5}, {17, 64}, {4, 384}, {2, 1000}};

    private final ClRuntime rt = ClTestDevice.runtime();
    private final Random random = new Random(13);

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
                        rt.download(ClLayerNorm.forward(rt, rt.upload(x), 3, rows, n, g, b, 1e-5f), 0, y.length),
                        64 * Twins.UNIT_ROUNDOFF,
                        Twins.normalised(n));
                float[] dy = Twins.random(random, rows * n, -1, 1);
                float[] dx = new float[rows * n];
                float[] dgamma = gamma == null ? null : new float[n];
                float[] dbeta = affine > 1 ? new float[n] : null;
                LayerNorm.backwardScalar(x, 3, rows, n, gamma, 1e-5f, dy, 0, dx, 0, dgamma, dbeta);
                ClBuffer[] d =
                        ClLayerNorm.backward(rt, rt.upload(x), 3, rows, n, g, 1e-5f, rt.upload(dy), 0, affine > 1);
                Twins.close(
                        what + " dx",
                        dx,
                        rt.download(d[0], 0, dx.length),
                        64 * n * Twins.UNIT_ROUNDOFF,
                        Twins.normalised(n));
                if (dgamma != null) {
                    Twins.close(
                            what + " dgamma",
                            dgamma,
                            rt.download(d[1], 0, n),
                            64 * rows * Twins.UNIT_ROUNDOFF,
                            Twins.normalised(rows));
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
                rt.download(ClLayerNorm.forward(rt, rt.upload(x), 0, 4, 1, null, null, 1e-5f), 0, 4));
    }
}
