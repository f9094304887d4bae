package dev.more.bench.jmh;

import dev.more.bench.BenchShapes;
import dev.more.kernels.opencl.ClBuffer;
import dev.more.kernels.opencl.ClGemm;
import dev.more.kernels.opencl.ClRuntime;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The OpenCL GEMM on {@link GemmBenchmark}'s shapes, NN and NT, on OpenCL device {@code device}, with
 * the kernel the device gets by default or the one named by {@code variant}. JMH's score is the wall
 * time of a call until its kernel finished; the kernel time from profiling events is printed at the end
 * of each iteration (see {@link ClKernelClock}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsPrepend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
public class ClGemmBenchmark {
    /** m×k×n. */
    @Param({"1024x1024x1024", "8192x384x384", "8192x384x1536", "8192x1536x384"})
    public String shape;

    /** The OpenCL device index ({@code opencl:N}). */
    @Param({"0"})
    public int device;

    /** {@code default} (what the device gets: ROWS on a CPU device, else TILED), {@code TILED} or {@code ROWS}. */
    @Param({"default"})
    public String variant;

    private ClRuntime rt;
    private ClKernelClock clock;
    private ClGemm.Config config;
    private int m;
    private int k;
    private int n;
    private ClBuffer a;
    private ClBuffer b;

    /** Uploads random operands and builds the kernel. */
    @Setup
    public void setup() {
        rt = ClRuntime.get(device);
        clock = new ClKernelClock(rt);
        int[] s = BenchShapes.parse(shape, 3);
        m = s[0];
        k = s[1];
        n = s[2];
        a = rt.upload(BenchShapes.random(m * k, 1));
        b = rt.upload(BenchShapes.random(k * n, 2));
        config = variant.equals("default") ? ClGemm.config(rt) : ClGemm.config(rt, ClGemm.Variant.valueOf(variant));
    }

    /** Starts the kernel clock at each measured iteration, after the warm-up. */
    @Setup(Level.Iteration)
    public void startIteration() {
        clock.reset();
    }

    /** Prints the kernel time. */
    @TearDown(Level.Iteration)
    public void report() {
        clock.report("gemm " + shape + " " + config.variant(), System.out);
    }

    /** A (m×k) · B (k×n). */
    @Benchmark
    public ClBuffer nn() {
        return clock.time(() ->
                ClGemm.matmul(rt, config, m, n, k, new int[0], a, 0, new int[0], k, 1, b, 0, new int[0], n, 1, null));
    }

    /** A (m×k) · Bᵀ with B stored n×k. */
    @Benchmark
    public ClBuffer nt() {
        return clock.time(() ->
                ClGemm.matmul(rt, config, m, n, k, new int[0], a, 0, new int[0], k, 1, b, 0, new int[0], 1, k, null));
    }
}
