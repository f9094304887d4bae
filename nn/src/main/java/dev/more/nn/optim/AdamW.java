package dev.more.nn.optim;

import dev.more.autograd.Variable;
import dev.more.tensor.AdamWStep;
import dev.more.tensor.OptimizerOps;
import dev.more.tensor.Tensor;
import java.util.List;

/**
 * Adam with decoupled weight decay, as {@code torch.optim.AdamW} (without amsgrad). For each parameter
 * with a gradient g, at its own step t (counted per parameter, so a parameter skipped for lack of a
 * gradient keeps its bias correction where it was):
 * <pre>
 * p = p * (1 - lr * weightDecay)
 * m = beta1 * m + (1 - beta1) * g
 * v = beta2 * v + (1 - beta2) * g * g
 * p = p - (lr / (1 - beta1^t)) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 * State slots per parameter: {@code step} (rank 0), {@code exp_avg} (m) and {@code exp_avg_sq} (v).
 * Like PyTorch, the step is a float32 tensor; the scalar factors are computed in double and the
 * tensor arithmetic in float32, in PyTorch's order.
 */
public final class AdamW extends ParameterOptimizer {
    private static final String STEP = "step";
    private static final String EXP_AVG = "exp_avg";
    private static final String EXP_AVG_SQ = "exp_avg_sq";

    private final AdamWOptions options;

    /**
     * An optimizer over {@code parameters} starting at {@code options.learningRate()}.
     *
     * @throws IllegalArgumentException if the list is empty, holds a non-leaf or the same variable twice
     */
    public AdamW(List<Variable> parameters, AdamWOptions options) {
        super(
                "AdamW",
                parameters,
                options.learningRate(),
                List.of(new Slot(STEP, true), new Slot(EXP_AVG, false), new Slot(EXP_AVG_SQ, false)));
        this.options = options;
    }

    /** The hyperparameters (the learning rate there is the initial one; see {@link #learningRate()}). */
    public AdamWOptions options() {
        return options;
    }

    @Override
    void update(int index, Variable parameter, Tensor grad, double lr) {
        Tensor previousStep = slot(index, STEP);
        Tensor m = slot(index, EXP_AVG);
        Tensor v = slot(index, EXP_AVG_SQ);
        if (previousStep == null) {
            previousStep = Tensor.scalar(0f);
            m = Tensor.zeros(grad.device(), grad.shape());
            v = Tensor.zeros(grad.device(), grad.shape());
        }
        // The step count stays on the host; the moments live with the gradient (imported state may not).
        float step = previousStep.item() + 1f;
        double beta1 = options.beta1();
        double beta2 = options.beta2();
        double biasCorrection1 = 1 - Math.pow(beta1, step);
        double biasCorrection2 = 1 - Math.pow(beta2, step);
        double stepSize = lr / biasCorrection1;
        // One fused pass doing the float operations of the class comment in PyTorch's order (addcdiv
        // computes p + (value * m) / denominator), each rounded as a separate tensor op would round it.
        AdamWStep scalars = new AdamWStep(
                (float) (1 - lr * options.weightDecay()),
                (float) beta1,
                (float) (1 - beta1),
                (float) beta2,
                (float) (1 - beta2),
                (float) -stepSize,
                (float) Math.sqrt(biasCorrection2),
                (float) options.eps());
        Tensor[] updated =
                OptimizerOps.adamW(parameter.value(), grad, m.to(grad.device()), v.to(grad.device()), scalars);
        parameter.setValue(updated[0]);

        setSlot(index, STEP, Tensor.scalar(step));
        setSlot(index, EXP_AVG, updated[1]);
        setSlot(index, EXP_AVG_SQ, updated[2]);
    }
}
