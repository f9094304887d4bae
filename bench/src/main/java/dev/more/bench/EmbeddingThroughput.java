package dev.more.bench;

import ai.onnxruntime.OrtException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Sentence-embedding throughput of the default model, ours against ONNX Runtime on the same token ids and thread
 * count: batches of {@code --batch} rows of {@code --tokens} ids (32 × 128 by default), timed one batch at a time
 * after a warm-up; prints the median batch time of each side, sentences per second, and their ratio. With
 * {@code --rounds N} the two sides take turns N times (warm-up and timed batches each turn) and the median of the
 * N ratios is reported too: on a shared machine a busy spell then shifts one round, not every batch of one side.
 */
@Command(
        name = "embedding-throughput",
        mixinStandardHelpOptions = true,
        description = "Embedding throughput of all-MiniLM-L6-v2: this engine vs ONNX Runtime, same ids and threads.")
public final class EmbeddingThroughput implements Callable<Integer> {
    @Option(names = "--threads", description = "Threads on both sides (default: all cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--batch", description = "Sentences per batch (default: ${DEFAULT-VALUE}).")
    int batch = 32;

    @Option(
            names = "--tokens",
            description = "Tokens per sentence, special tokens included (default: ${DEFAULT-VALUE}).")
    int tokens = 128;

    @Option(names = "--warmup", description = "Warm-up batches per side (default: ${DEFAULT-VALUE}).")
    int warmup = 3;

    @Option(
            names = "--repeats",
            description = "Timed batches per side; the median is reported (default: ${DEFAULT-VALUE}).")
    int repeats = 7;

    @Option(
            names = "--rounds",
            description = "Turns of our batches then ONNX Runtime's, alternating; the median ratio "
                    + "over them is reported (default: ${DEFAULT-VALUE}).")
    int rounds = 1;

    @Spec
    CommandSpec spec;

    /** Runs the measurement. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new EmbeddingThroughput()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (warmup < 0 || repeats < 1 || rounds < 1) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--warmup must be >= 0, --repeats and --rounds >= 1");
        }
        try (EmbeddingWorkload work = EmbeddingWorkload.create(batch, tokens, threads)) {
            System.out.println(Compare.machine());
            System.out.printf(
                    "ONNX Runtime %s, intra-op threads %d, inter-op threads 1%n",
                    EmbeddingWorkload.onnxRuntimeVersion(), threads);
            System.out.printf("Load average before: %s%n", loadAverage());
            float[] ours = work.ours();
            float[] theirs = work.onnxRuntime();
            System.out.printf(
                    "Batch %d × %d tokens; mean-pool max |ours - ONNX Runtime| = %.2e%n",
                    batch, tokens, maxAbsDiff(ours, theirs));
            double[] ratios = new double[rounds];
            for (int round = 0; round < rounds; round++) {
                if (rounds > 1) {
                    System.out.printf("Round %d of %d%n", round + 1, rounds);
                }
                double oursMs = median("more (ours)", this::runOurs, work);
                double ortMs = median("ONNX Runtime", this::runOnnxRuntime, work);
                System.out.printf("%-14s %10s %14s%n", "engine", "ms/batch", "sentences/s");
                System.out.printf("%-14s %10.1f %14.1f%n", "more (ours)", oursMs, batch * 1000 / oursMs);
                System.out.printf("%-14s %10.1f %14.1f%n", "ONNX Runtime", ortMs, batch * 1000 / ortMs);
                System.out.printf(
                        "Time per batch, ours / ONNX Runtime: %.2f (ours is %.2fx %s)%n",
                        oursMs / ortMs,
                        oursMs > ortMs ? oursMs / ortMs : ortMs / oursMs,
                        oursMs > ortMs ? "slower" : "faster");
                ratios[round] = oursMs / ortMs;
            }
            if (rounds > 1) {
                Arrays.sort(ratios);
                System.out.printf(
                        "Ours / ONNX Runtime over %d alternating rounds: median %.2f (from %.2f to %.2f)%n",
                        rounds, ratios[rounds / 2], ratios[0], ratios[rounds - 1]);
            }
            System.out.printf("Load average after: %s%n", loadAverage());
        }
        return 0;
    }

    private void runOurs(EmbeddingWorkload work) {
        work.ours();
    }

    private void runOnnxRuntime(EmbeddingWorkload work) {
        try {
            work.onnxRuntime();
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
        }
    }

    /**
     * Warm-up batches, then the median of the timed ones, in milliseconds. The warm-up times are printed: a
     * side whose first batches are slow (compilation, a young generation's first pass) shows it there.
     */
    private double median(String name, Consumer<EmbeddingWorkload> side, EmbeddingWorkload work) {
        StringBuilder warm = new StringBuilder();
        for (int i = 0; i < warmup; i++) {
            long start = System.nanoTime();
            side.accept(work);
            warm.append(String.format(" %.0f", (System.nanoTime() - start) / 1e6));
        }
        System.out.printf("%s warm-up batches (ms):%s%n", name, warm);
        double[] ms = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long start = System.nanoTime();
            side.accept(work);
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        return ms[repeats / 2];
    }

    private static double maxAbsDiff(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
