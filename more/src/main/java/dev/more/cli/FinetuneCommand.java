package dev.more.cli;

import dev.more.train.BaseModel;
import dev.more.train.FineTuneRun;
import dev.more.train.data.DataFiles;
import dev.more.train.data.Dataset;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code more finetune}: trains a sequence classifier with adapters (or the head, or everything). */
@Command(
        name = "finetune",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Fine-tune a text classifier with MoRe or LoRA adapters, the head alone, or every weight.",
            "Data: JSONL lines {\"text\": ..., \"label\": ...} (optional \"text_pair\") or CSV with a header "
                    + "text,label[,text_pair]. The run folder gets the adapter files, classifier.json, metrics.json, "
                    + "loss.png and accuracy.png.",
            "A comma-separated --adapter (e.g. more,lora,head-only) runs each into OUT/<method> and writes "
                    + "OUT/comparison.json and OUT/comparison.png.",
            "A loss or gradient that is NaN or infinite stops the run (exit 1) naming the step, the parameter "
                    + "and the last good checkpoint."
        })
final class FinetuneCommand implements Callable<Integer> {
    @Option(names = "--train", required = true, paramLabel = "FILE", description = "Training data (.jsonl or .csv).")
    Path train;

    @Option(names = "--eval", required = true, paramLabel = "FILE", description = "Evaluation data, same labels.")
    Path eval;

    @Option(
            names = "--adapter",
            paramLabel = "METHOD[,METHOD...]",
            defaultValue = "more",
            description =
                    "more, lora, head-only or full; several, comma-separated, are compared (default: ${DEFAULT-VALUE}).")
    String adapter;

    @Option(names = "--out", paramLabel = "DIR", description = "The run folder to write (not needed with --resume).")
    Path out;

    @Option(
            names = "--resume",
            paramLabel = "DIR",
            description = "Go on from the last checkpoint of the interrupted run in DIR, given the same options, data "
                    + "and --threads; it ends bit-identical to an uninterrupted run.")
    Path resume;

    @Option(
            names = "--checkpoint-every",
            paramLabel = "STEPS",
            defaultValue = "100",
            description = "Save a checkpoint in OUT/checkpoints every STEPS steps, and always after each epoch's "
                    + "evaluation; 0 saves only then (default: ${DEFAULT-VALUE}).")
    int checkpointEvery;

    @Mixin
    ModelOption model;

    @Mixin
    AdapterFlags adapterFlags;

    @Mixin
    TrainingFlags trainingFlags;

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
        Path folder = runFolder();
        if (checkpointEvery < 0) {
            throw new ParameterException(spec.commandLine(), "--checkpoint-every must be >= 0, not " + checkpointEvery);
        }
        List<String> methods = AdapterFlags.methods(adapter, spec.commandLine());
        methods.forEach(m -> {
            adapterFlags.config(m, spec.commandLine());
            trainingFlags.options(m, Integer.MAX_VALUE, spec.commandLine());
        });
        trainingFlags.poolingMode(spec.commandLine());
        trainingFlags.dropout(spec.commandLine());
        String modelSpec = model.checked(spec.commandLine());
        Dataset trainData = DataFiles.read(train);
        Dataset evalData = DataFiles.read(eval);
        BaseModel base = BaseModel.load(modelSpec);
        Runs.run(
                base,
                methods,
                adapterFlags,
                trainingFlags,
                trainData,
                evalData,
                folder,
                spec.commandLine().getOut(),
                spec.commandLine(),
                new FineTuneRun.Checkpointing(checkpointEvery, resume != null));
        return 0;
    }

    /** {@code --out}, or the folder {@code --resume} names; both given, they must name the same folder. */
    private Path runFolder() {
        if (resume == null) {
            if (out == null) {
                throw new ParameterException(
                        spec.commandLine(),
                        "Missing required option: '--out=DIR' " + "(or --resume=DIR to go on with an interrupted run)");
            }
            return out;
        }
        if (out != null
                && !out.toAbsolutePath()
                        .normalize()
                        .equals(resume.toAbsolutePath().normalize())) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--out " + out + " and --resume " + resume
                            + " name different folders; a resumed run goes on in its own folder, so leave --out out");
        }
        return resume;
    }
}
