package dev.more.bench.jmh;

import ai.onnxruntime.OrtException;
import dev.more.bench.EmbeddingWorkload;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Sentences per second of the default model on one batch of 32 sentences × 128 tokens: our encoder and mean pool,
 * and ONNX Runtime on the same ids with the same thread count (see {@link EmbeddingWorkload}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(EmbeddingBenchmark.BATCH)
@Fork(
        value = 1,
        jvmArgsPrepend = {"--add-modules", "jdk.incubator.vector", "-Xmx4g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class EmbeddingBenchmark {
    /** Sentences per batch. */
    static final int BATCH = 32;

    /** Tokens per sentence. */
    static final int TOKENS = 128;

    /** Threads on both sides. */
    @Param({"1", "2"})
    public int threads;

    private EmbeddingWorkload work;

    /** Loads the model on both sides and makes the batch. */
    @Setup
    public void setup() throws IOException, OrtException {
        work = EmbeddingWorkload.create(BATCH, TOKENS, threads);
    }

    /** Frees ONNX Runtime's session and tensors. */
    @TearDown
    public void tearDown() throws OrtException {
        work.close();
    }

    /** Our encoder forward pass and mean pool. */
    @Benchmark
    public float[] more() {
        return work.ours();
    }

    /** ONNX Runtime's forward pass, mean-pooled. */
    @Benchmark
    public float[] onnxRuntime() throws OrtException {
        return work.onnxRuntime();
    }
}
