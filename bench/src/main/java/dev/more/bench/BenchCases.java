package dev.more.bench;

import dev.more.kernels.MoReShape;
import dev.more.kernels.cpu.Gemm;
import dev.more.kernels.cpu.MoReProduct;
import dev.more.kernels.cpu.MonarchPermutation;
import java.util.ArrayList;
import java.util.List;

/** The shapes the comparison runs, with our implementation of each. */
final class BenchCases {
    private static final int[][] GEMM = {{1024, 1024, 1024}, {8192, 384, 384}, {8192, 384, 1536}, {8192, 1536, 384}};
    private static final int[][] MORE = {{8192, 384, 384}, {8192, 384, 1536}, {2048, 4096, 4096}};
    private static final int[][] PERMUTATION = {{8192, 384}, {8192, 1536}, {2048, 4096}};

    private BenchCases() {}

    static List<BenchCase> all() {
        List<BenchCase> cases = new ArrayList<>();
        for (int[] d : GEMM) {
            for (String variant : new String[] {"nn", "nt"}) {
                cases.add(gemm(variant, d[0], d[1], d[2]));
            }
        }
        for (int[] d : MORE) {
            cases.add(more("fwd", d[0], d[1], d[2]));
            cases.add(more("fwdbwd", d[0], d[1], d[2]));
        }
        for (int[] d : PERMUTATION) {
            cases.add(permutation(d[0], d[1]));
        }
        return cases;
    }

    private static BenchCase gemm(String variant, int m, int k, int n) {
        boolean nt = variant.equals("nt");
        return new BenchCase(
                "gemm-" + variant + "-" + m + "x" + k + "x" + n,
                "gemm",
                variant,
                new int[] {m, k, n},
                new int[0],
                2.0 * m * n * k,
                4.0 * ((double) m * k + (double) k * n + (double) m * n),
                false,
                () -> {
                    float[] a = BenchShapes.random(m * k, 1);
                    float[] b = BenchShapes.random(k * n, 2);
                    float[] c = new float[m * n];
                    return nt
                            ? () -> Gemm.gemm(m, n, k, 1f, a, 0, k, 1, b, 0, 1, k, 0f, c, 0, n)
                            : () -> Gemm.gemm(m, n, k, 1f, a, 0, k, 1, b, 0, n, 1, 0f, c, 0, n);
                });
    }

    /**
     * MoRe with nblocks 4, blk_r 4. The floor counts x read and Δ written for the forward; the
     * backward adds x and dΔ read and dx written.
     */
    private static BenchCase more(String variant, int rows, int in, int out) {
        MoReShape s = MoReShape.of(in, out, 4, 4, 0);
        boolean backward = variant.equals("fwdbwd");
        double forwardFlops = 2.0 * rows * s.blkR() * ((double) s.paddedIn() + s.paddedOut());
        double forwardBytes = 4.0 * rows * (in + out);
        double flops = backward ? 3 * forwardFlops : forwardFlops;
        double bytes = backward ? forwardBytes + 4.0 * rows * (2.0 * in + out) : forwardBytes;
        return new BenchCase(
                "more-" + variant + "-" + rows + "x" + in + "x" + out,
                "more",
                variant,
                new int[] {rows, in, out},
                new int[] {s.blocks(), s.inBlk(), s.blkR(), s.outBlk()},
                flops,
                bytes,
                true,
                () -> {
                    float[] x = BenchShapes.random(rows * in, 1);
                    float[] w1 = BenchShapes.random(s.blkdiag1Size(), 2);
                    float[] w2 = BenchShapes.random(s.blkdiag2Size(), 3);
                    float[] delta = new float[rows * out];
                    if (!backward) {
                        return () -> MoReProduct.forward(s, x, 0, rows, w1, 0, w2, 0, delta, 0, null);
                    }
                    float[] middle = new float[rows * s.middle()];
                    float[] dOut = BenchShapes.random(rows * out, 4);
                    float[] dx = new float[rows * in];
                    float[] dw1 = new float[s.blkdiag1Size()];
                    float[] dw2 = new float[s.blkdiag2Size()];
                    return () -> {
                        MoReProduct.forward(s, x, 0, rows, w1, 0, w2, 0, delta, 0, middle);
                        MoReProduct.backward(s, x, 0, rows, w1, 0, w2, 0, middle, dOut, 0, dx, 0, dw1, dw2);
                    };
                });
    }

    private static BenchCase permutation(int rows, int width) {
        return new BenchCase(
                "perm-out-" + rows + "x" + width,
                "permutation",
                "out",
                new int[] {rows, width},
                new int[0],
                0,
                8.0 * rows * width,
                true,
                () -> {
                    float[] src = BenchShapes.random(rows * width, 1);
                    float[] dst = new float[rows * width];
                    return () -> MonarchPermutation.transposeRows(src, 0, rows, 4, width / 4, dst, 0);
                });
    }
}
