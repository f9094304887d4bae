package dev.more.demo;

import dev.more.autograd.NoGrad;
import dev.more.autograd.Variable;
import dev.more.tensor.Rng;
import dev.more.tensor.Tensor;
import java.util.List;

/**
 * The engine end to end on a problem small enough to watch: a two-layer perceptron
 * ({@code 2 -> hidden -> 1}, tanh) fitted by full-batch gradient descent to the smooth function
 * {@code f(a, b) = sin(2a) * cos(b) + a * b / 2} on points drawn uniformly from [-1, 1]². Everything
 * (forward, loss, backward, update) goes through the tensor and autograd APIs.
 */
public final class SyntheticRegression {
    /**
     * What a run did.
     *
     * @param losses the mean squared error before each step, then after the last
     * @param seconds wall time of the training loop
     */
    public record Result(float[] losses, double seconds) {
        /** The loss before training. */
        public float initialLoss() {
            return losses[0];
        }

        /** The loss after training. */
        public float finalLoss() {
            return losses[losses.length - 1];
        }
    }

    /**
     * Settings of a run.
     *
     * @param seed fixes the data, the initial weights and hence the whole run
     * @param samples training points
     * @param hidden width of the hidden layer
     * @param steps gradient-descent steps
     * @param learningRate step size
     */
    public record Config(long seed, int samples, int hidden, int steps, float learningRate) {
        /** The settings the demo and the tests use. */
        public static Config defaults(long seed) {
            return new Config(seed, 256, 32, 3000, 0.2f);
        }
    }

    /** Hears about each finished step, e.g. to draw progress. */
    @FunctionalInterface
    public interface StepListener {
        /** Step {@code step} (0-based) is done; {@code loss} is the loss it started from. */
        void stepDone(int step, float loss);
    }

    private SyntheticRegression() {}

    /** The target function. */
    static float target(float a, float b) {
        return (float) (Math.sin(2 * a) * Math.cos(b) + a * b / 2);
    }

    /** Trains once, telling {@code onStep} about each step. */
    public static Result run(Config config, StepListener onStep) {
        Rng rng = new Rng(config.seed());
        Tensor inputs = Tensor.uniform(rng, -1f, 1f, config.samples(), 2);
        float[] x = inputs.toArray();
        float[] y = new float[config.samples()];
        for (int i = 0; i < y.length; i++) {
            y[i] = target(x[2 * i], x[2 * i + 1]);
        }
        Variable input = Variable.constant(inputs);
        Variable targets = Variable.constant(Tensor.fromArray(y, config.samples(), 1));

        // Kaiming-uniform style bounds 1/sqrt(fan_in), as torch.nn.Linear initialises.
        Variable w1 = Variable.parameter(Tensor.uniform(rng, -bound(2), bound(2), 2, config.hidden()));
        Variable b1 = Variable.parameter(Tensor.uniform(rng, -bound(2), bound(2), config.hidden()));
        Variable w2 = Variable.parameter(
                Tensor.uniform(rng, -bound(config.hidden()), bound(config.hidden()), config.hidden(), 1));
        Variable b2 = Variable.parameter(Tensor.uniform(rng, -bound(config.hidden()), bound(config.hidden()), 1));
        List<Variable> parameters = List.of(w1, b1, w2, b2);

        float[] losses = new float[config.steps() + 1];
        long start = System.nanoTime();
        for (int step = 0; step < config.steps(); step++) {
            Variable prediction = input.matmul(w1).add(b1).tanh().matmul(w2).add(b2);
            Variable error = prediction.sub(targets);
            Variable loss = error.mul(error).mean();
            losses[step] = loss.value().item();
            loss.backward();
            try (NoGrad ignored = NoGrad.enter()) {
                for (Variable p : parameters) {
                    p.setValue(p.value().sub(p.grad().mul(config.learningRate())));
                    p.zeroGrad();
                }
            }
            onStep.stepDone(step, losses[step]);
        }
        Variable finalError = input.matmul(w1).add(b1).tanh().matmul(w2).add(b2).sub(targets);
        losses[config.steps()] = finalError.mul(finalError).mean().value().item();
        return new Result(losses, (System.nanoTime() - start) / 1e9);
    }

    private static float bound(int fanIn) {
        return (float) (1 / Math.sqrt(fanIn));
    }
}
