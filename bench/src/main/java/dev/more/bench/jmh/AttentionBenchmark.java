package dev.more.bench.jmh;

import dev.more.bench.BenchShapes;
import dev.more.kernels.AttentionShape;
import dev.more.kernels.DropoutSeed;
import dev.more.kernels.cpu.MultiHeadAttention;
import dev.more.kernels.cpu.Parallel;
import dev.more.kernels.cpu.Softmax;
import dev.more.kernels.cpu.TokenRows;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * Inference attention as the MiniLM encoder runs it: {@code batch} sequences of {@code seq} tokens, 12
 * heads of 32 features, queries, keys and values side by side in rows of 3·384 (the attention block's
 * projection buffer), a padding mask; and one head's scaled, masked softmax alone (seq rows of seq).
 */
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AttentionBenchmark extends CpuKernelBenchmark {
    /** batch×seq. */
    @Param({"32x128"})
    public String shape;

    /** Threads for the kernel. */
    @Param({"1", "2"})
    public int threads;

    private AttentionShape s;
    private float[] qkv;
    private float[] mask;
    private int[] maskRows;
    private float[] context;
    private float[] scores;

    /** Random projections; the mask hides the last quarter of each sequence's keys. */
    @Setup
    public void setup() {
        Parallel.setThreads(threads);
        int[] d = BenchShapes.parse(shape, 2);
        s = new AttentionShape(d[0], 12, d[1], 32);
        int hidden = s.hidden();
        qkv = BenchShapes.random(s.batch() * s.seq() * 3 * hidden, 1);
        mask = new float[s.batch() * s.seq()];
        for (int b = 0; b < s.batch(); b++) {
            for (int j = s.seq() * 3 / 4; j < s.seq(); j++) {
                mask[b * s.seq() + j] = -Float.MAX_VALUE;
            }
        }
        maskRows = new int[s.batch() * s.heads() * s.seq()];
        for (int row = 0; row < maskRows.length; row++) {
            maskRows[row] = row / (s.heads() * s.seq()) * s.seq();
        }
        context = new float[s.batch() * s.seq() * hidden];
        scores = BenchShapes.random(s.seq() * s.seq(), 2);
    }

    /** All heads of the batch: scores, softmax, product with the values. */
    @Benchmark
    public float[] forward() {
        int hidden = s.hidden();
        MultiHeadAttention.forward(
                s,
                new TokenRows(qkv, 0, 3 * hidden),
                new TokenRows(qkv, hidden, 3 * hidden),
                new TokenRows(qkv, 2 * hidden, 3 * hidden),
                0.17677669f,
                mask,
                maskRows,
                DropoutSeed.NONE,
                null,
                context);
        return context;
    }

    /** One head's seq×seq scores: scale, mask, softmax, in place. */
    @Benchmark
    public float[] softmaxOneHead() {
        Softmax.scaledMaskedRows(scores, 0, s.seq(), s.seq(), 0.17677669f, mask, maskRows, scores, 0);
        return scores;
    }
}
