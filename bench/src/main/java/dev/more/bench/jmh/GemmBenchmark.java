package dev.more.bench.jmh;

import dev.more.bench.BenchShapes;
import dev.more.kernels.cpu.Gemm;
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

/** fp32 GEMM {@code C = A·B} (NN) and {@code C = A·Bᵀ} (NT, the Linear-layer case) on the shapes. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class GemmBenchmark {
    /** m×k×n. */
    @Param({"1024x1024x1024", "8192x384x384", "8192x384x1536", "8192x1536x384"})
    public String shape;

    /** Threads for the kernel. */
    @Param({"1", "2"})
    public int threads;

    private int m;
    private int k;
    private int n;
    private float[] a;
    private float[] b;
    private float[] c;

    /** Allocates random operands. */
    @Setup
    public void setup() {
        Parallel.setThreads(threads);
        int[] s = BenchShapes.parse(shape, 3);
        m = s[0];
        k = s[1];
        n = s[2];
        a = BenchShapes.random(m * k, 1);
        b = BenchShapes.random(k * n, 2);
        c = new float[m * n];
    }

    /** A (m×k) · B (k×n). */
    @Benchmark
    public float[] nn() {
        Gemm.gemm(m, n, k, 1f, a, 0, k, 1, b, 0, n, 1, 0f, c, 0, n);
        return c;
    }

    /** A (m×k) · Bᵀ with B stored n×k. */
    @Benchmark
    public float[] nt() {
        Gemm.gemm(m, n, k, 1f, a, 0, k, 1, b, 0, 1, k, 0f, c, 0, n);
        return c;
    }
}
