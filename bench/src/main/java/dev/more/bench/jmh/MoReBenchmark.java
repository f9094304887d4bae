package dev.more.bench.jmh;

import dev.more.bench.BenchShapes;
import dev.more.kernels.MoReShape;
import dev.more.kernels.cpu.BlockDiagonalMatmul;
import dev.more.kernels.cpu.MoReProduct;
import dev.more.kernels.cpu.MonarchPermutation;
import dev.more.kernels.cpu.Parallel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * The MoRe adapter product (nblocks 4, blk_r 4): the fused forward, the fused forward + backward, and
 * the unfused chain (two block-diagonal GEMMs and two permutation passes, the official algorithm's
 * structure) for comparison. bench/compare turns the times into GB/s against the bytes that must move.
 */
public class MoReBenchmark extends CpuKernelBenchmark {
    /** rows×in×out. */
    @Param({"8192x384x384", "8192x384x1536", "2048x4096x4096"})
    public String shape;

    /** Threads for the kernel. */
    @Param({"1", "2"})
    public int threads;

    private MoReShape s;
    private int rows;
    private float[] x;
    private float[] w1;
    private float[] w2;
    private float[] out;
    private float[] middle;
    private float[] dOut;
    private float[] dx;
    private float[] dw1;
    private float[] dw2;
    private float[] h;
    private float[] g;
    private float[] o;

    /** Random operands. */
    @Setup
    public void setup() {
        Parallel.setThreads(threads);
        int[] d = BenchShapes.parse(shape, 3);
        rows = d[0];
        s = MoReShape.of(d[1], d[2], 4, 4, 0);
        x = BenchShapes.random(rows * s.in(), 1);
        w1 = BenchShapes.random(s.blkdiag1Size(), 2);
        w2 = BenchShapes.random(s.blkdiag2Size(), 3);
        out = new float[rows * s.out()];
        middle = new float[rows * s.middle()];
        dOut = BenchShapes.random(rows * s.out(), 4);
        dx = new float[rows * s.in()];
        dw1 = new float[s.blkdiag1Size()];
        dw2 = new float[s.blkdiag2Size()];
        h = new float[rows * s.middle()];
        g = new float[rows * s.middle()];
        o = new float[rows * s.paddedOut()];
    }

    /** Fused forward. */
    @Benchmark
    public float[] forward() {
        MoReProduct.forward(s, x, 0, rows, w1, 0, w2, 0, out, 0, null);
        return out;
    }

    /** Fused forward (keeping the middle) and backward. */
    @Benchmark
    public float[] forwardBackward() {
        MoReProduct.forward(s, x, 0, rows, w1, 0, w2, 0, out, 0, middle);
        MoReProduct.backward(s, x, 0, rows, w1, 0, w2, 0, middle, dOut, 0, dx, 0, dw1, dw2);
        return dx;
    }

    /** Unfused forward: GEMMs and permutation passes with the intermediates in memory. */
    @Benchmark
    public float[] forwardUnfused() {
        // in divides evenly by 4 on these shapes, so x needs no padding and Δ no truncation.
        BlockDiagonalMatmul.forward(x, 0, rows, s.blocks(), s.inBlk(), s.blkR(), w1, 0, h, 0);
        MonarchPermutation.transposeRows(h, 0, rows, s.blkR(), s.blocks(), g, 0);
        BlockDiagonalMatmul.forward(g, 0, rows, s.blocks(), s.blkR(), s.outBlk(), w2, 0, o, 0);
        MonarchPermutation.transposeRows(o, 0, rows, s.blocks(), s.outBlk(), out, 0);
        return out;
    }
}
