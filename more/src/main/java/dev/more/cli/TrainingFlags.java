package dev.more.cli;

import dev.more.nn.models.PoolingMode;
import dev.more.train.Schedule;
import dev.more.train.TrainingOptions;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The training flags shared by {@code finetune} and {@code demo}. */
final class TrainingFlags {
    @Option(
            names = "--epochs",
            paramLabel = "N",
            defaultValue = "3",
            description = "Passes over the training data (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(
            names = "--lr",
            paramLabel = "X",
            description =
                    "Peak learning rate (default: 1e-2 for more, 5e-3 for lora, 3e-2 for head-only, 5e-5 for full).")
    Double learningRate;

    @Option(
            names = "--batch-size",
            paramLabel = "B",
            defaultValue = "16",
            description = "Examples per step (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(
            names = "--max-len",
            paramLabel = "L",
            defaultValue = "128",
            description = "Tokens per example at most, special tokens included; longer ones are cut (default: "
                    + "${DEFAULT-VALUE}, or the model's positions if fewer).")
    int maxLength;

    @Option(
            names = "--seed",
            paramLabel = "S",
            defaultValue = "42",
            description = "Seed of the batch order, dropout, head and adapter init (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--schedule",
            paramLabel = "KIND",
            defaultValue = "cosine",
            description = "Learning-rate decay after warmup: cosine, linear or constant (default: ${DEFAULT-VALUE}).")
    String schedule;

    @Option(
            names = "--warmup",
            paramLabel = "RATIO",
            defaultValue = "0.1",
            description = "Fraction of the steps spent warming the learning rate up (default: ${DEFAULT-VALUE}).")
    double warmup;

    @Option(
            names = "--patience",
            paramLabel = "N",
            defaultValue = "2",
            description =
                    "Stop after N epochs without a better evaluation; 0 never stops early (default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(
            names = "--pooling",
            paramLabel = "KIND",
            defaultValue = "mean",
            description = "How token states become one vector: mean, cls or pooler (default: ${DEFAULT-VALUE}).")
    String pooling;

    @Option(
            names = "--dropout",
            paramLabel = "P",
            defaultValue = "0.1",
            description = "Dropout probability in the model and before the head (default: ${DEFAULT-VALUE}).")
    float dropout;

    /**
     * The default peak learning rate of {@code method}: each adapter's best of {2e-3, 5e-3, 1e-2, 2e-2} on the
     * shipped sentiment task (bench/RESULTS.md, "Quality").
     */
    static double defaultLearningRate(String method) {
        return switch (method) {
            case "more" -> 1e-2;
            case "head-only" -> 3e-2;
            case "full" -> 5e-5;
            default -> 5e-3;
        };
    }

    /**
     * The options for {@code method} on a model with {@code positions} position embeddings: without
     * {@code --max-len}, the default length is cut to the model's positions. Bad values are usage errors.
     */
    TrainingOptions options(String method, int positions, CommandLine command) {
        boolean lengthGiven =
                command.getParseResult() != null && command.getParseResult().hasMatchedOption("--max-len");
        try {
            Schedule kind = Schedule.valueOf(schedule.toUpperCase(Locale.ROOT));
            return TrainingOptions.defaults(learningRate != null ? learningRate : defaultLearningRate(method))
                    .withEpochs(epochs)
                    .withBatchSize(batchSize)
                    .withMaxLength(lengthGiven ? maxLength : Math.min(maxLength, positions))
                    .withSeed(seed)
                    .withSchedule(kind, warmup)
                    .withPatience(patience);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage().startsWith("No enum constant")
                    ? "--schedule must be cosine, linear or constant, not '" + schedule + "'"
                    : e.getMessage();
            throw new CommandLine.ParameterException(command, message, e);
        }
    }

    /** The pooling mode; a bad name is a usage error. */
    PoolingMode poolingMode(CommandLine command) {
        try {
            return PoolingMode.valueOf(pooling.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(
                    command, "--pooling must be mean, cls or pooler, not '" + pooling + "'");
        }
    }

    /** The dropout; a bad value is a usage error. */
    float dropout(CommandLine command) {
        if (!(dropout >= 0 && dropout < 1)) {
            throw new CommandLine.ParameterException(command, "--dropout must be in [0, 1), not " + dropout);
        }
        return dropout;
    }
}
