package dev.more.cli;

import dev.more.demo.SyntheticRegression;
import dev.more.kernels.cpu.Parallel;
import dev.more.kernels.cpu.Simd;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code more demo}: the best end-to-end run the engine has today. Until the MoRe fine-tuning of the
 * default model lands, it trains a small perceptron on a synthetic function through the tensor and
 * autograd layers and reports how far the loss fell.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Train a 2-layer perceptron on a synthetic function with the engine's autograd "
                + "(the MoRe fine-tuning demo replaces this once adapters land)."})
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--steps", defaultValue = "3000", description = "Gradient-descent steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Mixin
    ThreadsOption threads;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        threads.apply(spec.commandLine());
        if (steps < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--steps must be at least 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        SyntheticRegression.Config defaults = SyntheticRegression.Config.defaults(seed);
        SyntheticRegression.Config config = new SyntheticRegression.Config(seed, defaults.samples(),
                defaults.hidden(), steps, defaults.learningRate());
        out.printf("%s, %d thread(s)%n", Simd.describe(), Parallel.threads());
        out.printf("Fitting f(a, b) = sin(2a)cos(b) + ab/2 with a 2-%d-1 tanh perceptron: %d points, %d steps, "
                + "learning rate %s, seed %d%n", config.hidden(), config.samples(), steps, config.learningRate(), seed);
        Progress progress = new Progress(out, steps);
        SyntheticRegression.Result result = SyntheticRegression.run(config, progress::step);
        progress.finish();
        out.printf("Mean squared error %.5f -> %.6f (%.0fx lower) in %.2f s (%.0f steps/s)%n",
                result.initialLoss(), result.finalLoss(), result.initialLoss() / result.finalLoss(),
                result.seconds(), steps / result.seconds());
        return 0;
    }
}
