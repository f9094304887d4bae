package dev.more.bench.jmh;

import dev.more.bench.BenchShapes;
import dev.more.kernels.cpu.Gemm;
import dev.more.kernels.cpu.Parallel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/** fp32 GEMM {@code C = A·B} (NN) and {@code C = A·Bᵀ} (NT, the Linear-layer case) on the shapes. */
public class GemmBenchmark extends CpuKernelBenchmark {
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
