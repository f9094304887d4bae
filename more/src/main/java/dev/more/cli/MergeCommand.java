package dev.more.cli;

import dev.more.train.Merger;
import dev.more.train.TrainedClassifier;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code more merge}: folds a run's adapters into the base weights. */
@Command(
        name = "merge",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Merge a run's adapters into the base model's weights (W += ΔW) and write them with Hugging Face "
                    + "names and PyTorch layout (Linear weights (out, in)), the classification head included.",
            "--out FILE.safetensors writes one file; any other --out writes a model folder (config.json, "
                    + "model.safetensors, tokenizer.json) that --model accepts."
        })
final class MergeCommand implements Callable<Integer> {
    @Option(names = "--adapter", required = true, paramLabel = "DIR", description = "The run folder.")
    Path adapter;

    @Option(names = "--out", required = true, paramLabel = "FILE|DIR", description = "Where the merged weights go.")
    Path out;

    @Option(
            names = {"--base", "--model"},
            paramLabel = "minilm|PATH",
            description = "Base model to merge into instead of the one the run recorded.")
    String base;

    @Mixin
    ThreadsOption threads;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        threads.apply(spec.commandLine());
        TrainedClassifier classifier =
                TrainedClassifier.load(adapter, ModelOption.check(base, "--base", spec.commandLine()));
        String type = classifier.injection().config().type();
        int adapted = classifier.injection().adaptedModules().size();
        Merger.Result result = Merger.merge(classifier, out);
        spec.commandLine()
                .getOut()
                .printf(
                        "merged %d %s adapter%s into %s: wrote %d tensors to %s%s%n",
                        adapted,
                        type,
                        adapted == 1 ? "" : "s",
                        classifier.base().id(),
                        result.tensors(),
                        result.weightsFile(),
                        result.folder() ? " (with config.json and tokenizer.json)" : "");
        return 0;
    }
}
