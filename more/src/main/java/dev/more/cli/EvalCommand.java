package dev.more.cli;

import dev.more.tensor.Devices;
import dev.more.train.Evaluation;
import dev.more.train.TrainedClassifier;
import dev.more.train.data.DataFiles;
import dev.more.train.data.Dataset;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code more eval}: scores a trained run on labelled data. */
@Command(
        name = "eval",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Evaluate a run folder written by 'more finetune' on labelled data: accuracy, macro-F1, loss "
                + "and the confusion matrix.")
final class EvalCommand implements Callable<Integer> {
    @Option(names = "--adapter", required = true, paramLabel = "DIR", description = "The run folder.")
    Path adapter;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "Labelled data (.jsonl or .csv).")
    Path data;

    @Option(
            names = "--model",
            paramLabel = "minilm|PATH",
            description = "Base model to use instead of the one the run recorded.")
    String model;

    @Mixin
    ThreadsOption threads;

    @Mixin
    DeviceOption device;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        threads.apply(spec.commandLine());
        device.apply(spec.commandLine());
        Dataset dataset = DataFiles.read(data);
        TrainedClassifier classifier =
                TrainedClassifier.load(adapter, ModelOption.check(model, "--model", spec.commandLine()));
        classifier.model().to(Devices.current());
        Evaluation e = classifier.evaluate(dataset);
        PrintWriter out = spec.commandLine().getOut();
        int right = (int) Math.round(e.accuracy() * e.count());
        out.printf(
                Locale.ROOT,
                "%s on %s: accuracy %.2f%% (%d/%d), macro-F1 %.2f%%, loss %.4f%n",
                classifier.injection().config().type(),
                data,
                100 * e.accuracy(),
                right,
                e.count(),
                100 * e.macroF1(),
                e.loss());
        printConfusion(out, classifier.info().labels().names(), e.confusion());
        return 0;
    }

    /** The confusion matrix, rows the true labels, columns the predicted ones. */
    static void printConfusion(PrintWriter out, List<String> labels, int[][] confusion) {
        int width = Math.max(6, labels.stream().mapToInt(String::length).max().orElse(0));
        out.println("confusion (rows: true label, columns: predicted label)");
        StringBuilder header = new StringBuilder(" ".repeat(width));
        labels.forEach(l -> header.append("  ").append(String.format("%" + width + "s", l)));
        out.println(header);
        for (int t = 0; t < labels.size(); t++) {
            StringBuilder row = new StringBuilder(String.format("%-" + width + "s", labels.get(t)));
            for (int p = 0; p < labels.size(); p++) {
                row.append("  ").append(String.format("%" + width + "d", confusion[t][p]));
            }
            out.println(row);
        }
    }
}
