package dev.more.nn.optim;

import dev.more.autograd.Variable;
import java.util.List;

/**
 * Updates a fixed list of trainable parameters from their gradients. Parameters whose gradient is
 * null (unused in the last forward pass, or frozen) are left alone, and so is their state.
 */
public interface Optimizer {
    /** The parameters, in the order given at construction; state names use these positions. */
    List<Variable> parameters();

    /** Applies one update to every parameter that has a gradient, then counts the step. */
    void step();

    /** Forgets every parameter's gradient, ready for the next {@code backward()}. */
    default void zeroGrad() {
        for (Variable parameter : parameters()) {
            parameter.zeroGrad();
        }
    }

    /** The learning rate the next {@link #step()} uses. */
    double learningRate();

    /**
     * Sets the learning rate for the next steps, e.g. from an {@link LrSchedule}.
     *
     * @throws IllegalArgumentException if {@code learningRate} is negative or not finite
     */
    void setLearningRate(double learningRate);

    /** The number of {@link #step()} calls made so far (or imported). */
    long stepCount();

    /** The state a checkpoint needs to resume this optimizer exactly. */
    OptimizerState exportState();

    /**
     * Replaces this optimizer's state with one exported by an optimizer of the same kind over
     * parameters of the same shapes. Nothing changes if the state is rejected.
     *
     * @throws IllegalArgumentException naming the offending entry if a name is unknown, a parameter
     *     index is out of range, a shape differs, or a parameter's slots are incomplete
     */
    void importState(OptimizerState state);
}
