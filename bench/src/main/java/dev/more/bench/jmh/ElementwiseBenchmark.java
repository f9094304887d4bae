package dev.more.bench.jmh;

import dev.more.bench.BenchShapes;
import dev.more.kernels.BinaryOp;
import dev.more.kernels.UnaryOp;
import dev.more.kernels.cpu.Elementwise;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * Elementwise kernels ({@link Elementwise}) on one thread over contiguous operands: GELU (vector and scalar), an
 * addition, and GELU's fused backward. The backend splits large ops over threads by leading rows.
 */
public class ElementwiseBenchmark extends CpuKernelBenchmark {
    /** Elements: 32 × 128 tokens of MiniLM's hidden and intermediate sizes. */
    @Param({"1572864", "6291456"})
    public int n;

    private int[] shape;
    private int[] strides;
    private float[] a;
    private float[] b;
    private float[] out;

    /** Random operands. */
    @Setup
    public void setup() {
        shape = new int[] {n};
        strides = new int[] {1};
        a = BenchShapes.random(n, 1);
        b = BenchShapes.random(n, 2);
        out = new float[n];
    }

    /** GELU, the Vector API path. */
    @Benchmark
    public float[] gelu() {
        Elementwise.unary(UnaryOp.GELU, a, 0, strides, shape, out, 0);
        return out;
    }

    /** GELU, the scalar twin. */
    @Benchmark
    public float[] geluScalar() {
        Elementwise.unaryScalar(UnaryOp.GELU, a, 0, strides, shape, out, 0);
        return out;
    }

    /** {@code a + b}; memory-bound. */
    @Benchmark
    public float[] add() {
        Elementwise.binary(BinaryOp.ADD, a, 0, strides, b, 0, strides, shape, out, 0);
        return out;
    }

    /** {@code dy · GELU'(x)} in one pass. */
    @Benchmark
    public float[] geluBackward() {
        Elementwise.geluBackward(a, 0, b, 0, n, out, 0);
        return out;
    }
}
