package dev.more.bench.jmh;

import dev.more.bench.BenchShapes;
import dev.more.kernels.cpu.MonarchPermutation;
import dev.more.kernels.cpu.Parallel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The MoRe output permutation alone: rows of (4, outBlk) transposed to (outBlk, 4); memory-bound. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PermutationBenchmark {
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
