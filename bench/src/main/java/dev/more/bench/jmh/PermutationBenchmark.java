package dev.more.bench.jmh;

import dev.more.bench.BenchShapes;
import dev.more.kernels.cpu.MonarchPermutation;
import dev.more.kernels.cpu.Parallel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/** The MoRe output permutation alone: rows of (4, outBlk) transposed to (outBlk, 4); memory-bound. */
public class PermutationBenchmark extends CpuKernelBenchmark {
    /** rows×width of each row. */
    @Param({"8192x384", "8192x1536", "2048x4096"})
    public String shape;

    /** Threads for the kernel. */
    @Param({"1", "2"})
    public int threads;

    private int rows;
    private int width;
    private float[] src;
    private float[] dst;

    /** Random rows. */
    @Setup
    public void setup() {
        Parallel.setThreads(threads);
        int[] d = BenchShapes.parse(shape, 2);
        rows = d[0];
        width = d[1];
        src = BenchShapes.random(rows * width, 1);
        dst = new float[rows * width];
    }

    /** (4, width/4) → (width/4, 4) per row. */
    @Benchmark
    public float[] outputPermutation() {
        MonarchPermutation.transposeRows(src, 0, rows, 4, width / 4, dst, 0);
        return dst;
    }
}
