package dev.more.bench.jmh;

import dev.more.bench.BenchShapes;
import dev.more.kernels.cpu.GatheredRows;
import dev.more.kernels.cpu.Parallel;
import java.util.Random;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * BERT's embedding lookups as one op ({@link GatheredRows#sum}): word, position and token-type rows of MiniLM's
 * tables summed for 32 × 128 tokens.
 */
public class GatheredRowsBenchmark extends CpuKernelBenchmark {
    private static final int HIDDEN = 384;
    private static final int BATCH = 32;
    private static final int SEQ = 128;

    /** Threads for the kernel. */
    @Param({"1", "2"})
    public int threads;

    private float[][] tables;
    private int[][] rows;
    private final int[] offsets = new int[3];
    private float[] out;

    /** MiniLM-sized random tables and random word ids. */
    @Setup
    public void setup() {
        Parallel.setThreads(threads);
        tables = new float[][] {
            BenchShapes.random(30522 * HIDDEN, 1),
            BenchShapes.random(512 * HIDDEN, 2),
            BenchShapes.random(2 * HIDDEN, 3)
        };
        int tokens = BATCH * SEQ;
        int[] words = new int[tokens];
        int[] positions = new int[tokens];
        int[] types = new int[tokens];
        Random random = new Random(4);
        for (int i = 0; i < tokens; i++) {
            words[i] = random.nextInt(30522);
            positions[i] = i % SEQ;
        }
        rows = new int[][] {words, positions, types};
        out = new float[tokens * HIDDEN];
    }

    /** The three lookups and their sums, one array written. */
    @Benchmark
    public float[] sum() {
        GatheredRows.sum(tables, offsets, rows, HIDDEN, out);
        return out;
    }
}
