package dev.more.cli;

import dev.more.explain.Explanation;
import dev.more.explain.FitExperiment;
import dev.more.explain.TargetMatrix;
import dev.more.kernels.MoReShape;
import dev.more.nn.loader.HuggingFaceFolder;
import dev.more.nn.loader.MiniLm;
import dev.more.nn.loader.PretrainedWeights;
import dev.more.tensor.Tensor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code more explain}: pictures of how a MoRe adapter is built (its factors, permutations, the dense update, rank
 * and approximation power against LoRA), written as PNGs with an {@code index.html}; with {@code --experiment} also
 * the expressiveness experiment (fitting targets with MoRe and LoRA at equal parameter count).
 */
@Command(
        name = "explain",
        mixinStandardHelpOptions = true,
        description = {
            "Draw how a MoRe (Monarch) adapter is built: block-diagonal factors, permutations, the dense "
                    + "update, rank and projection error against LoRA; writes PNGs, index.html and the numbers as JSON.",
            "The layer's sizes are --in-features/--out-features (--out names the output folder)."
        })
final class ExplainCommand implements Callable<Integer> {
    @Option(
            names = "--in-features",
            defaultValue = "16",
            description = "Input features of the drawn layer (default: ${DEFAULT-VALUE}).")
    int in;

    @Option(
            names = "--out-features",
            defaultValue = "16",
            description = "Output features of the drawn layer (default: ${DEFAULT-VALUE}).")
    int out;

    @Option(names = "--nblocks", defaultValue = "4", description = "MoRe nblocks (default: ${DEFAULT-VALUE}).")
    int nblocks;

    @Option(
            names = "--blk-r",
            defaultValue = "4",
            description = "MoRe blk_r, the rank of each block (default: ${DEFAULT-VALUE}).")
    int blkR;

    @Option(
            names = "--blk-sz",
            defaultValue = "0",
            description = "MoRe blk_sz: inputs per block, overriding --nblocks (default: none).")
    int blkSz;

    @Option(
            names = "--channel",
            defaultValue = "0",
            description = "The input channel to trace (default: ${DEFAULT-VALUE}).")
    int channel;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "Seed of the random factors and matrices (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            defaultValue = "explain",
            description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path outDir;

    @Option(
            names = "--model",
            paramLabel = "minilm|PATH",
            defaultValue = "minilm",
            description = "Where the real weight comes from: minilm, or a Hugging Face folder "
                    + "(default: ${DEFAULT-VALUE}).")
    String model;

    @Option(
            names = "--weight",
            paramLabel = "NAME",
            defaultValue = "encoder.layer.0.attention.self.query.weight",
            description = "The real weight matrix to project (default: ${DEFAULT-VALUE}).")
    String weight;

    @Option(names = "--experiment", description = "Also run the expressiveness experiment (fit.png, fit.json).")
    boolean experiment;

    @Option(
            names = "--fit-steps",
            defaultValue = "300",
            description = "AdamW steps per fit (default: ${DEFAULT-VALUE}).")
    int fitSteps;

    @Option(
            names = "--fit-nblocks",
            defaultValue = "4",
            description = "MoRe nblocks of the fits (default: ${DEFAULT-VALUE}).")
    int fitNblocks;

    @Option(
            names = "--fit-size",
            defaultValue = "64",
            description = "Size n of the synthetic n x n targets (default: ${DEFAULT-VALUE}).")
    int fitSize;

    @Option(
            names = "--fit-lr",
            defaultValue = "0.05",
            description = "Peak AdamW learning rate of the fits (default: ${DEFAULT-VALUE}).")
    double fitLearningRate;

    @Option(
            names = "--fit-blk-r",
            split = ",",
            defaultValue = "1,2,4,8,16",
            description = "MoRe blk_r values of the fits; LoRA gets the same parameter counts "
                    + "(default: ${DEFAULT-VALUE}).")
    int[] fitBlkRs;

    @Mixin
    ThreadsOption threads;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        System.setProperty("java.awt.headless", "true");
        CommandLine cl = spec.commandLine();
        threads.apply(cl);
        MoReShape shape = shape(cl);
        if (channel < 0 || channel >= in) {
            throw new CommandLine.ParameterException(
                    cl, "--channel must be an input feature, 0.." + (in - 1) + ", not " + channel);
        }
        if (experiment) {
            checkFitOptions(cl);
        }
        if (!model.equals("minilm") && !Path.of(model).toFile().isDirectory()) {
            throw new CommandLine.ParameterException(
                    cl, "--model must be 'minilm' or a Hugging Face folder; " + model + " is not a folder");
        }
        PrintWriter console = cl.getOut();
        console.println("loading " + weight + " from " + model + "...");
        TargetMatrix real = realWeight(model.equals("minilm") ? MiniLm.load() : HuggingFaceFolder.load(Path.of(model)));
        Explanation.Fit fit = experiment ? fit(real) : null;
        Explanation.Options options = new Explanation.Options(shape, seed, channel, real, fit);
        Explanation.Written written = Explanation.write(outDir, options, console::println);
        console.printf(
                "wrote %d figures, %s and %s to %s%n",
                written.figures().size(),
                written.index().getFileName(),
                String.join(
                        ", ",
                        written.numbers().stream()
                                .map(p -> p.getFileName().toString())
                                .toList()),
                written.folder().toAbsolutePath());
        console.println("open " + written.index().toAbsolutePath());
        return 0;
    }

    private MoReShape shape(CommandLine cl) {
        if (in < 1 || out < 1) {
            throw new CommandLine.ParameterException(cl, "--in-features and --out-features must be at least 1");
        }
        if (in > 1024 || out > 1024) {
            throw new CommandLine.ParameterException(
                    cl, "--in-features and --out-features are at most 1024 (the" + " figures draw every entry)");
        }
        if (blkR < 1 || (blkSz <= 0 && nblocks < 1)) {
            throw new CommandLine.ParameterException(cl, "--blk-r and --nblocks must be at least 1");
        }
        return MoReShape.of(in, out, nblocks, blkR, blkSz);
    }

    private TargetMatrix realWeight(PretrainedWeights weights) {
        Tensor w = weights.tensor(weight);
        if (w.rank() != 2) {
            throw new IllegalArgumentException(weight + " is not a matrix: shape " + Arrays.toString(w.shape()));
        }
        String label = (model.equals("minilm")
                        ? "MiniLM"
                        : Path.of(model).getFileName().toString()) + " "
                + weight.replaceFirst("^encoder\\.", "").replaceFirst("\\.weight$", "");
        return TargetMatrix.normalized(
                label,
                "the pretrained weight " + weight + " of " + model + " (" + w.size(0) + " x " + w.size(1) + ")",
                w.size(0),
                w.size(1),
                w.toArray());
    }

    private void checkFitOptions(CommandLine cl) {
        if (fitSteps < 1) {
            throw new CommandLine.ParameterException(cl, "--fit-steps must be at least 1");
        }
        if (fitNblocks < 1) {
            throw new CommandLine.ParameterException(cl, "--fit-nblocks must be at least 1");
        }
        if (fitSize < fitNblocks || fitSize % fitNblocks != 0 || fitSize > 1024) {
            throw new CommandLine.ParameterException(
                    cl,
                    "--fit-size must be a multiple of --fit-nblocks (" + fitNblocks + ") and at most 1024, not "
                            + fitSize);
        }
        if (!(fitLearningRate > 0)) {
            throw new CommandLine.ParameterException(cl, "--fit-lr must be positive");
        }
        for (int r : fitBlkRs) {
            if (r < 1) {
                throw new CommandLine.ParameterException(cl, "--fit-blk-r values must be at least 1, not " + r);
            }
        }
    }

    private Explanation.Fit fit(TargetMatrix real) {
        return new Explanation.Fit(
                new FitExperiment.Options(fitSteps, fitLearningRate, fitNblocks, fitBlkRs, seed),
                FitExperiment.targets(fitSize, fitNblocks, seed, real));
    }
}
