package dev.more.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.more.adapters.AdapterConfig;
import dev.more.adapters.Adapters;
import dev.more.adapters.LoraConfig;
import dev.more.adapters.MoReConfig;
import dev.more.adapters.TargetSelector;
import dev.more.autograd.Variable;
import dev.more.kernels.cpu.Parallel;
import dev.more.nn.loader.BertConfig;
import dev.more.nn.loader.MiniLm;
import dev.more.nn.loader.PretrainedWeights;
import dev.more.nn.loss.CrossEntropyLoss;
import dev.more.nn.models.BertForSequenceClassification;
import dev.more.nn.models.PoolingMode;
import dev.more.nn.optim.AdamW;
import dev.more.nn.optim.AdamWOptions;
import dev.more.tensor.Device;
import dev.more.tensor.Devices;
import dev.more.tensor.OpenClBackend;
import dev.more.tensor.Rng;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The time of one fine-tuning step of all-MiniLM-L6-v2 with an adapter on query/key/value: forward, loss,
 * backward and AdamW, on a batch of random token ids, in training mode (dropout on). Prints each step and the
 * median; with {@code --peer}, then runs the same step in PyTorch ({@code bench/peers/training_step.py}, same
 * shapes, adapter and thread count) and prints both medians and their ratio; {@code --rounds} repeats both,
 * alternating, and reports the median ratio. {@code --device} times the step on an OpenCL device (and
 * {@code --peer-device cuda} PyTorch's on an NVIDIA GPU); {@code --random-weights} uses MiniLM's shapes
 * without the model artifact, as the peer does, since a step's time does not depend on the weights' values.
 */
@Command(
        name = "training-step",
        mixinStandardHelpOptions = true,
        description = "Time a MiniLM + MoRe (or LoRA) training step.")
public final class TrainingStep implements Callable<Integer> {
    @Option(names = "--adapter", description = "more or lora (default: ${DEFAULT-VALUE}).")
    String adapter = "more";

    @Option(names = "--batch", description = "Sequences per batch (default: ${DEFAULT-VALUE}).")
    int batch = 16;

    @Option(names = "--tokens", description = "Tokens per sequence (default: ${DEFAULT-VALUE}).")
    int tokens = 128;

    @Option(names = "--steps", description = "Timed steps after 2 warm-up steps (default: ${DEFAULT-VALUE}).")
    int steps = 8;

    @Option(names = "--threads", description = "Threads (default: all cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--peer", description = "Also time the same step in PyTorch and print the ratio.")
    boolean peer;

    @Option(
            names = "--rounds",
            description = "With --peer: rounds of our steps then the peer's, alternating, so "
                    + "that a busy spell on a shared machine falls on both sides; the median ratio is reported "
                    + "(default: ${DEFAULT-VALUE}).")
    int rounds = 1;

    @Option(
            names = "--device",
            paramLabel = "cpu|opencl[:N]",
            description = "Where our step computes (default: env " + Devices.ENVIRONMENT + ", else cpu).")
    String device;

    @Option(
            names = "--random-weights",
            description = "MiniLM's shapes with random weights instead of the "
                    + "pretrained ones (no model artifact needed; the step's time is the same).")
    boolean randomWeights;

    @Option(
            names = "--peer-device",
            description = "cpu or cuda: where PyTorch's step runs (default: " + "${DEFAULT-VALUE}).")
    String peerDevice = "cpu";

    @Option(names = "--python", description = "Python with torch, for --peer (default: ${DEFAULT-VALUE}).")
    String python = "/usr/bin/python3";

    /** Runs the measurement. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new TrainingStep()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (rounds < 1 || steps < 1) {
            System.err.println("error: --steps and --rounds must be at least 1");
            return 2;
        }
        if (!peerDevice.equals("cpu") && !peerDevice.equals("cuda")) {
            System.err.println("error: --peer-device must be cpu or cuda, not '" + peerDevice + "'");
            return 2;
        }
        Parallel.setThreads(threads);
        System.out.println(Compare.machine());
        System.out.println(Devices.choose(device).message());
        BertConfig bert = randomWeights ? BertConfig.miniLm() : null;
        BertForSequenceClassification model;
        if (randomWeights) {
            model = new BertForSequenceClassification(bert, 2, PoolingMode.MEAN, 0.1f, new Rng(1));
        } else {
            PretrainedWeights weights = MiniLm.load();
            bert = weights.config();
            model = new BertForSequenceClassification(bert, 2, PoolingMode.MEAN, 0.1f, new Rng(1));
            model.bert().loadStateDict(weights.tensors(), false);
        }
        // LoRA as the comparison study and the PyTorch peer run it: r 8, alpha 16, dropout 0.1, on query/key/value.
        AdapterConfig config = adapter.equals("lora")
                ? LoraConfig.defaults()
                        .withRank(8, 16f)
                        .withDropout(0.1f)
                        .withTargets(TargetSelector.parse("query,key,value"))
                : MoReConfig.defaults();
        System.out.println(Adapters.inject(model, config, new Rng(2)).summary());
        model.to(Devices.current());
        AdamW optimizer =
                new AdamW(model.trainableParameters(), AdamWOptions.defaults().withLearningRate(5e-3));
        Rng rng = new Rng(3);
        int[][] ids = new int[batch][tokens];
        int[][] mask = new int[batch][tokens];
        int[][] types = new int[batch][tokens];
        for (int i = 0; i < batch; i++) {
            for (int j = 0; j < tokens; j++) {
                ids[i][j] = 1 + rng.nextInt(bert.vocabSize() - 1);
                mask[i][j] = 1;
            }
        }
        int[] labels = new int[batch];
        model.train(true);
        Runnable step = () -> {
            Variable logits = model.forward(ids, mask, types);
            CrossEntropyLoss.standard().compute(logits, labels).backward();
            optimizer.step();
            optimizer.zeroGrad();
            finishQueuedWork();
        };
        step.run();
        step.run();
        double[] ratios = new double[rounds];
        for (int round = 0; round < rounds; round++) {
            double median = medianStep(step);
            System.out.printf(
                    "%s, %d x %d tokens, %d thread(s): median %.0f ms per step%n",
                    adapter, batch, tokens, threads, median);
            if (!peer) {
                continue;
            }
            double torch = peerMedian();
            if (Double.isNaN(torch)) {
                return 0;
            }
            ratios[round] = median / torch;
            System.out.printf("ours / PyTorch: %.2f (below 1 is faster)%n", ratios[round]);
        }
        if (peer && rounds > 1) {
            Arrays.sort(ratios);
            System.out.printf(
                    "ours / PyTorch over %d alternating rounds: median %.2f (from %.2f to %.2f)%n",
                    rounds, ratios[rounds / 2], ratios[0], ratios[rounds - 1]);
        }
        return 0;
    }

    /** On an OpenCL device, waits for the step's kernels, which are queued, so that the step's time includes them. */
    private static void finishQueuedWork() {
        Device current = Devices.current();
        if (current.kind() == Device.Kind.OPENCL) {
            OpenClBackend.get(current.index()).runtime().finish();
        }
    }

    private double medianStep(Runnable step) {
        double[] ms = new double[steps];
        for (int i = 0; i < steps; i++) {
            long t0 = System.nanoTime();
            step.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
            System.out.printf("step %d: %.0f ms%n", i + 1, ms[i]);
        }
        Arrays.sort(ms);
        return ms[steps / 2];
    }

    /** The peer's median ms per step, or NaN (said why) when it cannot run. */
    private double peerMedian() throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(
                python,
                "bench/peers/training_step.py",
                "--adapter",
                adapter,
                "--threads",
                String.valueOf(threads),
                "--batch",
                String.valueOf(batch),
                "--tokens",
                String.valueOf(tokens),
                "--steps",
                String.valueOf(steps),
                "--device",
                peerDevice);
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        PeerRunner.fairThreads(pb, threads);
        Process process = pb.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            System.out.println("PyTorch peer not measured: bench/peers/training_step.py exited with "
                    + process.exitValue() + " (apt-get install python3-torch)");
            return Double.NaN;
        }
        JsonNode result = new ObjectMapper().readTree(out);
        double torch = result.path("median_ms").asDouble();
        System.out.printf(
                "PyTorch %s on %s, %d thread(s), %d trainable parameters: median %.0f ms per step%n",
                result.path("torch").asText(),
                result.path("device").asText(),
                result.path("threads").asInt(),
                result.path("trainable_params").asInt(),
                torch);
        return torch;
    }
}
