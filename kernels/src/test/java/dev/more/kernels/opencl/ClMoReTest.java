package dev.more.kernels.opencl;

import dev.more.kernels.MoReShape;
import dev.more.kernels.cpu.BlockDiagonalMatmul;
import dev.more.kernels.cpu.MoReProduct;
import dev.more.kernels.cpu.MonarchPermutation;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fused MoRe kernels and the unfused pieces against the CPU's scalar twins. Inputs are in [-1, 1],
 * so a sum of n products is off by at most 2γ(n)·n; a result built from sums of sums (Δ sums blkR
 * sums of inBlk products; the gradients sum over rows too) is bounded with the product of the lengths.
 */
class ClMoReTest {
    private static final MoReShape[] SHAPES = {
        MoReShape.of(64, 64, 4, 4, 0),
        MoReShape.of(48, 112, 4, 4, 0),
        MoReShape.of(112, 40, 4, 2, 0),
        MoReShape.of(10, 7, 3, 2, 0),
        MoReShape.of(13, 29, 4, 3, 0),
        MoReShape.of(9, 9, 1, 2, 0),
        MoReShape.of(100, 50, 0, 4, 32),
        MoReShape.of(384, 384, 4, 4, 0),
    };

    private final ClRuntime rt = ClTestDevice.runtime();
    private final Random random = new Random(3);

    @Test
    void fusedForwardMatchesTheTwinAndKeepsTheMiddle() {
        for (MoReShape s : SHAPES) {
            for (int rows : new int[] {1, 33, 70}) {
                float[] x = Twins.random(random, 2 + rows * s.in(), -1, 1);
                float[] w1 = Twins.random(random, s.blkdiag1Size(), -1, 1);
                float[] w2 = Twins.random(random, s.blkdiag2Size(), -1, 1);
                float[] expected = new float[rows * s.out()];
                float[] middle = new float[rows * s.middle()];
                MoReProduct.forwardScalar(s, x, 2, rows, w1, 0, w2, 0, expected, 0, middle);
                ClBuffer deviceMiddle = rt.allocate(rows * s.middle());
                ClBuffer y = ClMoRe.forward(rt, s, rt.upload(x), 2, rows, rt.upload(w1), rt.upload(w2), deviceMiddle);
                String what = s + " rows " + rows;
                Twins.close(what + " middle", middle, rt.download(deviceMiddle, 0, middle.length), bound(s.inBlk()), 0);
                Twins.close(
                        what + " out",
                        expected,
                        rt.download(y, 0, expected.length),
                        bound(s.blkR()) + s.blkR() * bound(s.inBlk()),
                        0);
                Twins.close(
                        what + " without middle",
                        expected,
                        rt.download(
                                ClMoRe.forward(rt, s, rt.upload(x), 2, rows, rt.upload(w1), rt.upload(w2), null),
                                0,
                                expected.length),
                        bound(s.blkR()) + s.blkR() * bound(s.inBlk()),
                        0);
            }
        }
    }

    /** The bound on a sum of n products of numbers in [-1, 1] computed two ways. */
    private static double bound(int n) {
        return Twins.sumBound(n) * n;
    }

    @Test
    void fusedBackwardMatchesTheTwinWithAndWithoutTheMiddle() {
        for (MoReShape s : SHAPES) {
            for (int rows : new int[] {1, 45}) {
                float[] x = Twins.random(random, 1 + rows * s.in(), -1, 1);
                float[] w1 = Twins.random(random, s.blkdiag1Size(), -1, 1);
                float[] w2 = Twins.random(random, s.blkdiag2Size(), -1, 1);
                float[] dOut = Twins.random(random, 3 + rows * s.out(), -1, 1);
                float[] middle = new float[rows * s.middle()];
                MoReProduct.forwardScalar(s, x, 1, rows, w1, 0, w2, 0, new float[rows * s.out()], 0, middle);
                float[] dx = new float[rows * s.in()];
                float[] dw1 = new float[s.blkdiag1Size()];
                float[] dw2 = new float[s.blkdiag2Size()];
                MoReProduct.backwardScalar(s, x, 1, rows, w1, 0, w2, 0, null, dOut, 3, dx, 0, dw1, dw2);
                // dh sums outBlk products; dx sums blkR of those; dw2 sums rows products of dOut and h
                // (|h| <= inBlk); dw1 sums rows products of dh (|dh| <= outBlk) and x.
                double dhBound = bound(s.outBlk());
                double dxBound = bound(s.blkR()) * s.outBlk() + s.blkR() * dhBound;
                double dw2Bound = bound(rows) * s.inBlk() + rows * bound(s.inBlk());
                double dw1Bound = bound(rows) * s.outBlk() + rows * dhBound;
                for (boolean keep : new boolean[] {true, false}) {
                    ClBuffer[] g = ClMoRe.backward(
                            rt,
                            s,
                            rt.upload(x),
                            1,
                            rows,
                            rt.upload(w1),
                            rt.upload(w2),
                            keep ? rt.upload(middle) : null,
                            rt.upload(dOut),
                            3,
                            true);
                    String what = s + " rows " + rows + (keep ? " kept middle" : " recomputed");
                    Twins.close(what + " dx", dx, rt.download(g[0], 0, dx.length), dxBound, 0);
                    Twins.close(what + " dw1", dw1, rt.download(g[1], 0, dw1.length), dw1Bound, 0);
                    Twins.close(what + " dw2", dw2, rt.download(g[2], 0, dw2.length), dw2Bound, 0);
                }
                ClBuffer[] noDx = ClMoRe.backward(
                        rt, s, rt.upload(x), 1, rows, rt.upload(w1), rt.upload(w2), null, rt.upload(dOut), 3, false);
                org.assertj.core.api.Assertions.assertThat(noDx[0]).isNull();
            }
        }
    }

    @Test
    void blockDiagonalProductsMatchTheirTwins() {
        int[][] cases = {{1, 1, 1, 1}, {37, 4, 96, 4}, {70, 3, 5, 7}, {8, 1, 13, 2}};
        for (int[] c : cases) {
            int rows = c[0];
            int k = c[1];
            int p = c[2];
            int q = c[3];
            float[] x = Twins.random(random, rows * k * p, -1, 1);
            float[] w = Twins.random(random, k * q * p, -1, 1);
            float[] dy = Twins.random(random, rows * k * q, -1, 1);
            float[] y = new float[rows * k * q];
            BlockDiagonalMatmul.forwardScalar(x, 0, rows, k, p, q, w, 0, y, 0);
            float[] dx = new float[rows * k * p];
            BlockDiagonalMatmul.backwardInputScalar(dy, 0, rows, k, p, q, w, 0, dx, 0);
            float[] dw = new float[k * q * p];
            BlockDiagonalMatmul.backwardWeightScalar(dy, 0, x, 0, rows, k, p, q, dw, 0, false);
            ClBuffer dx0 = rt.upload(x);
            ClBuffer dw0 = rt.upload(w);
            ClBuffer ddy = rt.upload(dy);
            String what = "rows " + rows + " k " + k + " p " + p + " q " + q;
            Twins.close(
                    what + " forward",
                    y,
                    rt.download(ClBlockDiagonal.forward(rt, dx0, rows, k, p, q, dw0), 0, y.length),
                    bound(p),
                    0);
            Twins.close(
                    what + " dx",
                    dx,
                    rt.download(ClBlockDiagonal.backwardInput(rt, ddy, rows, k, p, q, dw0), 0, dx.length),
                    bound(q),
                    0);
            Twins.close(
                    what + " dw",
                    dw,
                    rt.download(ClBlockDiagonal.backwardWeight(rt, ddy, dx0, rows, k, p, q), 0, dw.length),
                    bound(rows),
                    0);
        }
    }

    @Test
    void monarchPermutationMatchesItsTwin() {
        for (int[] c : new int[][] {{1, 1, 1}, {5, 4, 3}, {33, 16, 4}, {2, 7, 1}}) {
            float[] src = Twins.random(random, c[0] * c[1] * c[2], -1, 1);
            float[] expected = new float[src.length];
            MonarchPermutation.transposeRows(src, 0, c[0], c[1], c[2], expected, 0);
            Twins.exact(
                    "transpose " + java.util.Arrays.toString(c),
                    expected,
                    rt.download(ClBlockDiagonal.transposeRows(rt, rt.upload(src), c[0], c[1], c[2]), 0, src.length));
        }
    }
}
