package dev.more.bench.jmh;

import dev.more.bench.BenchShapes;
import dev.more.kernels.cpu.Reductions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/** Row reductions ({@link Reductions}) on one thread: sum (vector and scalar) and max of each row. */
public class ReductionsBenchmark extends CpuKernelBenchmark {
    /** rows×n. */
    @Param({"4096x384", "384x4096"})
    public String shape;

    private int rows;
    private int n;
    private float[] x;
    private float[] out;

    /** Random rows. */
    @Setup
    public void setup() {
        int[] d = BenchShapes.parse(shape, 2);
        rows = d[0];
        n = d[1];
        x = BenchShapes.random(rows * n, 1);
        out = new float[rows];
    }

    /** Each row's sum, the Vector API path. */
    @Benchmark
    public float[] sum() {
        Reductions.sum(x, 0, rows, n, out, 0);
        return out;
    }

    /** Each row's sum, the scalar twin. */
    @Benchmark
    public float[] sumScalar() {
        Reductions.sumScalar(x, 0, rows, n, out, 0);
        return out;
    }

    /** Each row's max, the Vector API path. */
    @Benchmark
    public float[] max() {
        Reductions.max(x, 0, rows, n, out, 0);
        return out;
    }
}
