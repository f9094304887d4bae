package dev.more.cli;

import dev.more.adapters.AdapterConfig;
import dev.more.nn.models.PoolingMode;
import dev.more.train.BaseModel;
import dev.more.train.CheckpointFolder;
import dev.more.train.ClassifierFile;
import dev.more.train.Comparison;
import dev.more.train.FineTuneRun;
import dev.more.train.MetricsFile;
import dev.more.train.Plots;
import dev.more.train.RunFolderException;
import dev.more.train.SpecMismatchException;
import dev.more.train.TrainingOptions;
import dev.more.train.data.Dataset;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;

/** Runs one method into a folder, or several into sub-folders with a comparison; shared by finetune and demo. */
final class Runs {
    private Runs() {}

    /**
     * Runs {@code methods} on the data. One method writes into {@code out}; several write into
     * {@code out/<method>} and add the comparison files to {@code out}.
     */
    static Comparison run(
            BaseModel base,
            List<String> methods,
            AdapterFlags adapters,
            TrainingFlags training,
            Dataset train,
            Dataset eval,
            Path out,
            PrintWriter print,
            CommandLine command)
            throws IOException {
        return run(
                base,
                methods,
                adapters,
                training,
                train,
                eval,
                out,
                print,
                command,
                FineTuneRun.Checkpointing.defaults());
    }

    /**
     * Runs {@code methods} as above, checkpointing as {@code checkpointing} says. Resuming a comparison goes on
     * with each method whose folder holds a checkpoint and starts the others afresh; one must hold a checkpoint.
     */
    static Comparison run(
            BaseModel base,
            List<String> methods,
            AdapterFlags adapters,
            TrainingFlags training,
            Dataset train,
            Dataset eval,
            Path out,
            PrintWriter print,
            CommandLine command,
            FineTuneRun.Checkpointing checkpointing)
            throws IOException {
        if (checkpointing.resume()
                && methods.size() > 1
                && methods.stream().noneMatch(m -> hasCheckpoint(out.resolve(m)))) {
            throw new RunFolderException(
                    out + ": no method folder (" + String.join(", ", methods) + ") holds a checkpoint to resume from");
        }
        PoolingMode pooling = training.poolingMode(command);
        float dropout = training.dropout(command);
        Comparison comparison = new Comparison();
        for (String method : methods) {
            AdapterConfig config = adapters.config(method, command);
            TrainingOptions options =
                    training.options(method, base.weights().config().maxPositions(), command);
            Path dir = methods.size() == 1 ? out : out.resolve(method);
            print.printf(
                    Locale.ROOT,
                    "%n== %s on %s: %d train / %d eval examples, %d epoch%s, lr %s, batch %d, max %d tokens%n",
                    method,
                    base.id(),
                    train.size(),
                    eval.size(),
                    options.epochs(),
                    options.epochs() == 1 ? "" : "s",
                    options.learningRate(),
                    options.batchSize(),
                    options.maxLength());
            FineTuneRun.Outcome outcome;
            try {
                boolean resume = checkpointing.resume() && (methods.size() == 1 || hasCheckpoint(dir));
                outcome = FineTuneRun.run(
                        new FineTuneRun.Spec(base, config, options, pooling, dropout),
                        train,
                        eval,
                        dir,
                        new Progress(print),
                        new FineTuneRun.Checkpointing(checkpointing.everySteps(), resume));
            } catch (SpecMismatchException e) {
                throw new CommandLine.ParameterException(command, e.getMessage(), e);
            }
            print.println(outcome.injection().summary());
            var best = outcome.result().best();
            print.printf(
                    Locale.ROOT,
                    "best epoch %d: eval accuracy %.2f%%, macro-F1 %.2f%%; %.1f s of training, "
                            + "%.1f examples/s%s%n",
                    best.epoch(),
                    100 * best.eval().accuracy(),
                    100 * best.eval().macroF1(),
                    outcome.result().trainSeconds(),
                    outcome.result().examplesPerSecond(),
                    outcome.result().stoppedEarly() ? " (stopped early)" : "");
            print.printf(
                    "wrote %s (adapter files, %s, %s, %s, %s)%n",
                    dir, MetricsFile.FILE_NAME, ClassifierFile.FILE_NAME, Plots.LOSS, Plots.ACCURACY);
            comparison.add(outcome);
        }
        if (methods.size() > 1) {
            comparison.write(
                    out,
                    "Evaluation accuracy on "
                            + eval.source().substring(eval.source().lastIndexOf('/') + 1));
            print.println();
            print.print(comparison.table());
            print.printf("wrote %s and %s%n", out.resolve(Comparison.FILE_NAME), out.resolve(Plots.COMPARISON));
        }
        print.flush();
        return comparison;
    }

    private static boolean hasCheckpoint(Path dir) {
        try {
            return new CheckpointFolder(dir).latest().isPresent();
        } catch (IOException unreadable) {
            return false;
        }
    }
}
