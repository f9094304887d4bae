package dev.more.bench.jmh;

import dev.more.bench.BenchShapes;
import dev.more.kernels.cpu.Parallel;
import dev.more.kernels.cpu.Softmax;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/** Softmax over rows ({@link Softmax}): its vector path, its scalar twin and its backward. */
public class SoftmaxBenchmark extends CpuKernelBenchmark {
    /** rows×n: MiniLM's attention scores for 32 × 128 tokens (12 heads), and rows of its hidden size. */
    @Param({"49152x128", "4096x384"})
    public String shape;

    /** Threads for the kernel. */
    @Param({"1", "2"})
    public int threads;

    private int rows;
    private int n;
    private float[] x;
    private float[] y;
    private float[] dy;
    private float[] out;

    /** Random rows, their softmax and a random gradient. */
    @Setup
    public void setup() {
        Parallel.setThreads(threads);
        int[] d = BenchShapes.parse(shape, 2);
        rows = d[0];
        n = d[1];
        x = BenchShapes.random(rows * n, 1);
        dy = BenchShapes.random(rows * n, 2);
        y = new float[rows * n];
        Softmax.rows(x, 0, rows, n, y, 0, false);
        out = new float[rows * n];
    }

    /** The Vector API path. */
    @Benchmark
    public float[] forward() {
        Softmax.rows(x, 0, rows, n, out, 0, false);
        return out;
    }

    /** The scalar twin. */
    @Benchmark
    public float[] forwardScalar() {
        Softmax.rowsScalar(x, 0, rows, n, out, 0, false);
        return out;
    }

    /** The gradient from the output and dy. */
    @Benchmark
    public float[] backward() {
        Softmax.backwardRows(y, 0, dy, 0, rows, n, out, 0, false);
        return out;
    }
}
