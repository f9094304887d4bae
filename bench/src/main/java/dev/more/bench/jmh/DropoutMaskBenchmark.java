package dev.more.bench.jmh;

import dev.more.bench.BenchShapes;
import dev.more.kernels.cpu.DropoutMask;
import dev.more.kernels.cpu.Parallel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/** Inverted dropout with the counter-based mask ({@link DropoutMask}): the mask alone, and applied to x. */
public class DropoutMaskBenchmark extends CpuKernelBenchmark {
    /** Elements: 32 × 128 tokens of MiniLM's hidden size, and its attention probabilities (12 heads). */
    @Param({"1572864", "6291456"})
    public int n;

    /** Threads for the kernel. */
    @Param({"1", "2"})
    public int threads;

    private float[] x;
    private float[] out;

    /** Random input. */
    @Setup
    public void setup() {
        Parallel.setThreads(threads);
        x = BenchShapes.random(n, 1);
        out = new float[n];
    }

    /** The mask for one seed, p = 0.1, kept elements scaled by 1/0.9. */
    @Benchmark
    public float[] mask() {
        DropoutMask.fill(out, 42, 0.1f, 1f / 0.9f);
        return out;
    }

    /** x times the mask, in one pass. */
    @Benchmark
    public float[] apply() {
        DropoutMask.apply(x, 0, out, 0, n, 42, 0.1f, 1f / 0.9f);
        return out;
    }
}
