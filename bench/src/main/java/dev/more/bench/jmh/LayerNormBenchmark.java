package dev.more.bench.jmh;

import dev.more.bench.BenchShapes;
import dev.more.kernels.cpu.LayerNorm;
import dev.more.kernels.cpu.Parallel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/** Layer norm over rows ({@link LayerNorm}): the vector path, its scalar twin and the residual form. */
public class LayerNormBenchmark extends CpuKernelBenchmark {
    /** rows×n: 32 × 128 tokens of MiniLM's hidden and intermediate sizes. */
    @Param({"4096x384", "4096x1536"})
    public String shape;

    /** Threads for the kernel. */
    @Param({"1", "2"})
    public int threads;

    private int rows;
    private int n;
    private float[] x;
    private float[] residual;
    private float[] gamma;
    private float[] beta;
    private float[] out;

    /** Random rows, residuals, scale and shift. */
    @Setup
    public void setup() {
        Parallel.setThreads(threads);
        int[] d = BenchShapes.parse(shape, 2);
        rows = d[0];
        n = d[1];
        x = BenchShapes.random(rows * n, 1);
        residual = BenchShapes.random(rows * n, 2);
        gamma = BenchShapes.random(n, 3);
        beta = BenchShapes.random(n, 4);
        out = new float[rows * n];
    }

    /** The Vector API path. */
    @Benchmark
    public float[] forward() {
        LayerNorm.forward(x, 0, rows, n, gamma, beta, 1e-12f, out, 0, null, null);
        return out;
    }

    /** The scalar twin. */
    @Benchmark
    public float[] forwardScalar() {
        LayerNorm.forwardScalar(x, 0, rows, n, gamma, beta, 1e-12f, out, 0, null, null);
        return out;
    }

    /** {@code LayerNorm(x + residual)} with each row's sum in cache. */
    @Benchmark
    public float[] forwardResidual() {
        LayerNorm.forwardResidual(x, 0, residual, 0, rows, n, gamma, beta, 1e-12f, null, out, 0);
        return out;
    }
}
