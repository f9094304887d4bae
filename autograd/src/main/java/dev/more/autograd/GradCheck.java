package dev.more.autograd;

import dev.more.tensor.Rng;
import dev.more.tensor.Tensor;
import java.util.function.Function;

/**
 * Checks a function's backward rules against central differences.
 *
 * <p>The function's output is reduced to a scalar {@code L = sum(output * w)} with fixed random
 * weights {@code w}, so every output element's gradient is exercised. The analytic gradient of L
 * comes from {@link Variable#backward()}; the numeric one perturbs each input element by
 * {@code ±eps}. Tensors are float32, so the function itself runs in float; L is accumulated in
 * double from the float outputs, which keeps the numeric derivative's error near
 * {@code 1e-7 * |L| / eps}.
 */
public final class GradCheck {
    private GradCheck() {}

    /**
     * The worst disagreement found, and where.
     *
     * @param maxRelativeError {@code |analytic - numeric| / max(|analytic|, |numeric|, 1)} at its worst
     * @param input which input it was in
     * @param element the flat (row-major) index of the element in that input
     * @param analytic the backward pass's derivative there
     * @param numeric the central difference there
     */
    public record Result(double maxRelativeError, int input, int element, double analytic, double numeric) {
        @Override
        public String toString() {
            return String.format(
                    "worst relative error %.3g at input %d element %d (analytic %.6g, numeric %.6g)",
                    maxRelativeError, input, element, analytic, numeric);
        }
    }

    /** Checks {@code f} at {@code inputs} with step {@code 1e-3}. */
    public static Result check(Function<Variable[], Variable> f, Tensor... inputs) {
        return check(f, 1e-3f, inputs);
    }

    /** Checks {@code f} at {@code inputs}, perturbing each element by {@code ±eps}. */
    public static Result check(Function<Variable[], Variable> f, float eps, Tensor... inputs) {
        Variable[] vars = new Variable[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            vars[i] = Variable.parameter(inputs[i].contiguous());
        }
        Variable out = f.apply(vars);
        Tensor weights = Tensor.uniform(new Rng(12345), -1f, 1f, out.shape());
        out.mul(Variable.constant(weights)).sum().backward();
        float[] w = weights.toArray();

        Result worst = new Result(0, -1, -1, 0, 0);
        for (int i = 0; i < inputs.length; i++) {
            float[] base = inputs[i].contiguous().toArray();
            Tensor grad = vars[i].grad();
            float[] analytic = grad == null ? new float[base.length] : grad.toArray();
            for (int e = 0; e < base.length; e++) {
                double plus = weightedSum(f, inputs, i, base, e, base[e] + eps, w);
                double minus = weightedSum(f, inputs, i, base, e, base[e] - eps, w);
                double numeric = (plus - minus) / (2.0 * eps);
                double error = Math.abs(analytic[e] - numeric)
                        / Math.max(1.0, Math.max(Math.abs(analytic[e]), Math.abs(numeric)));
                if (error > worst.maxRelativeError() || worst.input() < 0) {
                    worst = new Result(error, i, e, analytic[e], numeric);
                }
            }
        }
        return worst;
    }

    private static double weightedSum(
            Function<Variable[], Variable> f,
            Tensor[] inputs,
            int which,
            float[] base,
            int element,
            float value,
            float[] w) {
        float[] moved = base.clone();
        moved[element] = value;
        Variable[] vars = new Variable[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            Tensor t = i == which ? Tensor.fromArray(moved, inputs[i].shape()) : inputs[i];
            vars[i] = Variable.constant(t);
        }
        float[] out;
        try (NoGrad ignored = NoGrad.enter()) {
            out = f.apply(vars).value().toArray();
        }
        double sum = 0;
        for (int k = 0; k < out.length; k++) {
            sum += (double) out[k] * w[k];
        }
        return sum;
    }
}
