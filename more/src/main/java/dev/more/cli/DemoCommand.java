package dev.more.cli;

import dev.more.kernels.cpu.Parallel;
import dev.more.kernels.cpu.Simd;
import dev.more.train.BaseModel;
import dev.more.train.Plots;
import dev.more.train.data.DataFiles;
import dev.more.train.data.Dataset;
import dev.more.train.demodata.DemoTask;
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

/**
 * {@code more demo}: fine-tunes the default model (all-MiniLM-L6-v2) with MoRe, with LoRA at the same
 * parameter count, and with the head alone as a baseline, on a shipped synthetic data set, and prints
 * the comparison and where the files are. It needs no argument and no download.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Fine-tune all-MiniLM-L6-v2 with MoRe, LoRA (same parameter count: rank = blk-r) and the head "
                    + "alone on a shipped synthetic data set, then compare them. No argument needed.",
            "Takes a few minutes on 2 cores; every flag of 'finetune' applies."
        })
final class DemoCommand implements Callable<Integer> {
    @Option(
            names = "--task",
            paramLabel = "NAME",
            defaultValue = "sentiment",
            description =
                    "Shipped data set: sentiment (binary reviews), topic (4 classes) or paraphrase (sentence pairs) "
                            + "(default: ${DEFAULT-VALUE}).")
    String task;

    @Option(
            names = "--adapter",
            paramLabel = "METHOD[,METHOD...]",
            defaultValue = "more,lora,head-only",
            description = "Methods to compare (default: ${DEFAULT-VALUE}).")
    String adapter;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            defaultValue = "runs/demo",
            description = "Where the runs go (default: ${DEFAULT-VALUE}).")
    Path out;

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
        CommandLine command = spec.commandLine();
        threads.apply(command);
        device.apply(command);
        DemoTask demoTask;
        try {
            demoTask = DemoTask.byId(task);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(command, e.getMessage());
        }
        List<String> methods = AdapterFlags.methods(adapter, command);
        if (!command.getParseResult().hasMatchedOption("--rank")) {
            // LoRA at rank blk_r has exactly MoRe's parameter count: r (in + out) per adapted layer.
            adapterFlags.rank = adapterFlags.blkR;
            adapterFlags.alpha = 2f * adapterFlags.blkR;
        }
        methods.forEach(m -> {
            adapterFlags.config(m, command);
            trainingFlags.options(m, Integer.MAX_VALUE, command);
        });
        String modelSpec = model.checked(command);
        PrintWriter print = command.getOut();
        long start = System.nanoTime();
        print.printf("%s, %d thread(s)%n", Simd.describe(), Parallel.threads());
        Dataset train = DataFiles.readResource(DemoTask.resource(demoTask.trainFile()));
        Dataset eval = DataFiles.readResource(DemoTask.resource(demoTask.evalFile()));
        print.printf(
                "Task: %s, synthetic data shipped with the tool (%s, %s)%n",
                demoTask.description(), train.source(), eval.source());
        BaseModel base = BaseModel.load(modelSpec);
        Runs.run(base, methods, adapterFlags, trainingFlags, train, eval, out, print, command);
        Path folder = out.toAbsolutePath().normalize();
        if (methods.size() > 1) {
            print.printf(
                    Locale.ROOT,
                    "%nPlots: %s (accuracy of each method); <method>/%s and <method>/%s in %s%n",
                    folder.resolve(Plots.COMPARISON),
                    Plots.LOSS,
                    Plots.ACCURACY,
                    folder);
        } else {
            print.printf(
                    Locale.ROOT, "%nPlots: %s and %s%n", folder.resolve(Plots.LOSS), folder.resolve(Plots.ACCURACY));
        }
        print.printf(
                Locale.ROOT,
                "Try: more predict --adapter %s --text \"%s\"%n",
                methods.size() > 1 ? out.resolve(methods.getFirst()) : out,
                exampleText(demoTask));
        print.printf(Locale.ROOT, "Demo finished in %s.%n", Progress.clock((System.nanoTime() - start) / 1e9));
        return 0;
    }

    private static String exampleText(DemoTask task) {
        return switch (task) {
            case SENTIMENT -> "The soup was not bland at all.";
            case TOPIC -> "The striker scored twice in the final.";
            case PARAPHRASE -> "Anna bought the car.\" --text-pair \"The car was purchased by Anna.";
        };
    }
}
