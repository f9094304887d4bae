package dev.more.bench.jmh;

import dev.more.bench.BenchShapes;
import dev.more.kernels.cpu.Gemm;
import dev.more.kernels.cpu.Parallel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.Warmup;

/** The vector GEMM against its scalar twin, single-threaded, on 1024³: how much the Vector API buys. */
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class GemmScalarBenchmark extends CpuKernelBenchmark {
    private static final int N = 1024;
    private float[] a;
    private float[] b;
    private float[] c;

    /** Random operands; one thread. */
    @Setup
    public void setup() {
        Parallel.setThreads(1);
        a = BenchShapes.random(N * N, 1);
        b = BenchShapes.random(N * N, 2);
        c = new float[N * N];
    }

    /** The vectorised packed kernel. */
    @Benchmark
    public float[] vector() {
        Gemm.gemm(N, N, N, 1f, a, 0, N, 1, b, 0, N, 1, 0f, c, 0, N);
        return c;
    }

    /** Its scalar twin. */
    @Benchmark
    public float[] scalar() {
        Gemm.gemmScalar(N, N, N, 1f, a, 0, N, 1, b, 0, N, 1, 0f, c, 0, N);
        return c;
    }
}
