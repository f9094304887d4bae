package dev.more.bench.jmh;

import dev.more.bench.BenchShapes;
import dev.more.kernels.MoReShape;
import dev.more.kernels.opencl.ClBlockDiagonal;
import dev.more.kernels.opencl.ClBuffer;
import dev.more.kernels.opencl.ClMoRe;
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
 * The OpenCL MoRe kernels (nblocks 4, blk_r 4) on {@link MoReBenchmark}'s shapes: the fused forward,
 * the fused forward + backward, the unfused forward (block-diagonal products and permutations as
 * separate kernels) and the output permutation alone. Kernel times from profiling events are printed
 * at the end of each iteration (see {@link ClKernelClock}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsPrepend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
public class ClMoReBenchmark {
    /** rows×in×out. */
    @Param({"8192x384x384", "8192x384x1536", "2048x4096x4096"})
    public String shape;

    /** The OpenCL device index ({@code opencl:N}). */
    @Param({"0"})
    public int device;

    private ClRuntime rt;
    private ClKernelClock clock;
    private MoReShape s;
    private int rows;
    private ClBuffer x;
    private ClBuffer w1;
    private ClBuffer w2;
    private ClBuffer dOut;

    /** Uploads random operands. */
    @Setup
    public void setup() {
        rt = ClRuntime.get(device);
        clock = new ClKernelClock(rt);
        int[] d = BenchShapes.parse(shape, 3);
        rows = d[0];
        s = MoReShape.of(d[1], d[2], 4, 4, 0);
        x = rt.upload(BenchShapes.random(rows * s.in(), 1));
        w1 = rt.upload(BenchShapes.random(s.blkdiag1Size(), 2));
        w2 = rt.upload(BenchShapes.random(s.blkdiag2Size(), 3));
        dOut = rt.upload(BenchShapes.random(rows * s.out(), 4));
    }

    /** Starts the kernel clock at each iteration. */
    @Setup(Level.Iteration)
    public void startIteration() {
        clock.reset();
    }

    /** Prints the kernel time. */
    @TearDown(Level.Iteration)
    public void report() {
        clock.report("MoRe " + shape, System.out);
    }

    /** Fused forward. */
    @Benchmark
    public ClBuffer forward() {
        return clock.time(() -> ClMoRe.forward(rt, s, x, 0, rows, w1, w2, null));
    }

    /** Fused forward (keeping the middle) and backward. */
    @Benchmark
    public ClBuffer forwardBackward() {
        return clock.time(() -> {
            ClBuffer middle = rt.allocate(rows * s.middle());
            ClMoRe.forward(rt, s, x, 0, rows, w1, w2, middle);
            return ClMoRe.backward(rt, s, x, 0, rows, w1, w2, middle, dOut, 0, true)[0];
        });
    }

    /** Unfused forward: block-diagonal products and permutations with the intermediates in memory. */
    @Benchmark
    public ClBuffer forwardUnfused() {
        // in divides evenly by 4 on these shapes, so x needs no padding and Δ no truncation.
        return clock.time(() -> {
            ClBuffer h = ClBlockDiagonal.forward(rt, x, rows, s.blocks(), s.inBlk(), s.blkR(), w1);
            ClBuffer g = ClBlockDiagonal.transposeRows(rt, h, rows, s.blkR(), s.blocks());
            ClBuffer o = ClBlockDiagonal.forward(rt, g, rows, s.blocks(), s.blkR(), s.outBlk(), w2);
            return ClBlockDiagonal.transposeRows(rt, o, rows, s.blocks(), s.outBlk());
        });
    }

    /** The output permutation (k, outBlk) → (outBlk, k) of each row of dOut-sized data. */
    @Benchmark
    public ClBuffer outputPermutation() {
        return clock.time(() -> ClBlockDiagonal.transposeRows(rt, dOut, rows, s.blocks(), s.out() / s.blocks()));
    }
}
