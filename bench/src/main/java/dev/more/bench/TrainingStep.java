package dev.more.bench;

import dev.more.adapters.AdapterConfig;
import dev.more.adapters.Adapters;
import dev.more.adapters.LoraConfig;
import dev.more.adapters.MoReConfig;
import dev.more.autograd.Variable;
import dev.more.kernels.cpu.Parallel;
import dev.more.nn.loader.MiniLm;
import dev.more.nn.loader.PretrainedWeights;
import dev.more.nn.loss.CrossEntropyLoss;
import dev.more.nn.models.BertForSequenceClassification;
import dev.more.nn.models.PoolingMode;
import dev.more.nn.optim.AdamW;
import dev.more.nn.optim.AdamWOptions;
import dev.more.tensor.Rng;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The time of one fine-tuning step of all-MiniLM-L6-v2 with an adapter on query/key/value: forward, loss,
 * backward and AdamW, on a batch of random token ids, in training mode (dropout on). Prints each step and the
 * median.
 */
@Command(name = "training-step", mixinStandardHelpOptions = true,
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

    /** Runs the measurement. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new TrainingStep()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Parallel.setThreads(threads);
        System.out.println(Compare.machine());
        PretrainedWeights weights = MiniLm.load();
        BertForSequenceClassification model = new BertForSequenceClassification(weights.config(), 2,
                PoolingMode.MEAN, 0.1f, new Rng(1));
        model.bert().loadStateDict(weights.tensors(), false);
        AdapterConfig config = adapter.equals("lora") ? LoraConfig.defaults() : MoReConfig.defaults();
        System.out.println(Adapters.inject(model, config, new Rng(2)).summary());
        AdamW optimizer = new AdamW(model.trainableParameters(), AdamWOptions.defaults().withLearningRate(5e-3));
        Rng rng = new Rng(3);
        int[][] ids = new int[batch][tokens];
        int[][] mask = new int[batch][tokens];
        int[][] types = new int[batch][tokens];
        for (int i = 0; i < batch; i++) {
            for (int j = 0; j < tokens; j++) {
                ids[i][j] = 1 + rng.nextInt(weights.config().vocabSize() - 1);
                mask[i][j] = 1;
            }
        }
        int[] labels = new int[batch];
        model.train(true);
        double[] ms = new double[steps];
        for (int step = -2; step < steps; step++) {
            long t0 = System.nanoTime();
            Variable logits = model.forward(ids, mask, types);
            CrossEntropyLoss.standard().compute(logits, labels).backward();
            optimizer.step();
            optimizer.zeroGrad();
            double elapsed = (System.nanoTime() - t0) / 1e6;
            if (step >= 0) {
                ms[step] = elapsed;
                System.out.printf("step %d: %.0f ms%n", step + 1, elapsed);
            }
        }
        Arrays.sort(ms);
        System.out.printf("%s, %d x %d tokens, %d thread(s): median %.0f ms per step%n", adapter, batch, tokens,
                threads, ms[steps / 2]);
        return 0;
    }
}
