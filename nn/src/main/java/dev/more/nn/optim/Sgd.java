package dev.more.nn.optim;

import dev.more.autograd.Variable;
import dev.more.tensor.Tensor;
import java.util.List;

/**
 * Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and weight decay
 * coupled into the gradient, as {@code torch.optim.SGD}:
 * <pre>
 * d = grad + weightDecay * p
 * buf = d on the first step, else momentum * buf + (1 - dampening) * d
 * d = nesterov ? d + momentum * buf : buf            (when momentum != 0)
 * p = p - lr * d
 * </pre>
 * The only state is each parameter's {@code momentum_buffer}, kept when momentum is on.
 */
public final class Sgd extends ParameterOptimizer {
    private static final String MOMENTUM_BUFFER = "momentum_buffer";

    private final SgdOptions options;

    /**
     * An optimizer over {@code parameters} starting at {@code options.learningRate()}.
     *
     * @throws IllegalArgumentException if the list is empty, holds a non-leaf or the same variable twice
     */
    public Sgd(List<Variable> parameters, SgdOptions options) {
        super("Sgd", parameters, options.learningRate(), List.of(new Slot(MOMENTUM_BUFFER, false)));
        this.options = options;
    }

    /** The hyperparameters (the learning rate there is the initial one; see {@link #learningRate()}). */
    public SgdOptions options() {
        return options;
    }

    @Override
    void update(int index, Variable parameter, Tensor grad, double learningRate) {
        Tensor p = parameter.value();
        Tensor d = grad;
        if (options.weightDecay() != 0) {
            d = d.add(p.mul((float) options.weightDecay()));
        }
        double momentum = options.momentum();
        if (momentum != 0) {
            Tensor buffer = slot(index, MOMENTUM_BUFFER);
            buffer = buffer == null ? d : buffer.mul((float) momentum).add(d.mul((float) (1 - options.dampening())));
            setSlot(index, MOMENTUM_BUFFER, buffer);
            d = options.nesterov() ? d.add(buffer.mul((float) momentum)) : buffer;
        }
        parameter.setValue(p.add(d.mul((float) -learningRate)));
    }
}
