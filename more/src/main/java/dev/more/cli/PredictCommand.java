package dev.more.cli;

import dev.more.tensor.Devices;
import dev.more.train.TrainedClassifier;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code more predict}: labels texts with a trained run. */
@Command(
        name = "predict",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Label texts with a run folder written by 'more finetune'; prints the label, its probability "
                + "and the text, one line per text.")
final class PredictCommand implements Callable<Integer> {
    @Option(names = "--adapter", required = true, paramLabel = "DIR", description = "The run folder.")
    Path adapter;

    @Option(names = "--text", required = true, paramLabel = "TEXT", description = "A text to label; repeat for more.")
    List<String> texts;

    @Option(
            names = "--text-pair",
            paramLabel = "TEXT",
            description = "The second text of each pair, for pair tasks; give one per --text.")
    List<String> pairs;

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
        if (pairs != null && pairs.size() != texts.size()) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    texts.size() + " --text but " + pairs.size() + " --text-pair; give one --text-pair per --text");
        }
        TrainedClassifier classifier =
                TrainedClassifier.load(adapter, ModelOption.check(model, "--model", spec.commandLine()));
        classifier.model().to(Devices.current());
        if ((pairs != null) != classifier.info().textPair()) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    classifier.info().textPair()
                            ? "this classifier labels text pairs: give a --text-pair for each --text"
                            : "this classifier labels single texts: --text-pair does not apply");
        }
        List<TrainedClassifier.Prediction> predictions = classifier.predict(texts, pairs);
        PrintWriter out = spec.commandLine().getOut();
        for (int i = 0; i < texts.size(); i++) {
            TrainedClassifier.Prediction p = predictions.get(i);
            int index = classifier.info().labels().indexOf(p.label());
            out.printf(
                    Locale.ROOT,
                    "%s\t%.4f\t%s%s%n",
                    p.label(),
                    p.probabilities()[index],
                    texts.get(i),
                    pairs == null ? "" : "\t" + pairs.get(i));
        }
        return 0;
    }
}
