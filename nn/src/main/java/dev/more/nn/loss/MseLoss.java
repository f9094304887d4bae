package dev.more.nn.loss;

import dev.more.autograd.Variable;
import dev.more.tensor.ShapeException;
import dev.more.tensor.Tensor;
import java.util.Arrays;

/**
 * Mean squared error, {@code mean((prediction - target)^2)}, as PyTorch's
 * {@code mse_loss(prediction, target, reduction='mean')}. Unlike PyTorch, the shapes must be equal:
 * a silently broadcast target is almost always a bug.
 */
public final class MseLoss {
    private MseLoss() {}

    /**
     * The mean squared difference; gradients flow to whichever operands require them.
     *
     * @return a rank-0 variable
     * @throws ShapeException if the shapes differ
     */
    public static Variable compute(Variable prediction, Variable target) {
        if (!Arrays.equals(prediction.shape(), target.shape())) {
            throw new ShapeException(
                    "mseLoss", prediction.shape(), target.shape(), "prediction and target must have the same shape");
        }
        Variable difference = prediction.sub(target);
        return difference.mul(difference).mean();
    }

    /** {@link #compute(Variable, Variable)} against a fixed target. */
    public static Variable compute(Variable prediction, Tensor target) {
        return compute(prediction, Variable.constant(target));
    }
}
