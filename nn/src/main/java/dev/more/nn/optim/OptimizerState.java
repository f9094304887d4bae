package dev.more.nn.optim;

import dev.more.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An optimizer's state, for checkpoints: how many steps it has taken and its per-parameter tensors.
 *
 * <p>Tensor names are {@code "<parameter index>.<slot>"}, the index being the parameter's position in
 * the list the optimizer was built with, and the slot PyTorch's state key: {@code momentum_buffer} for
 * {@link Sgd}; {@code step} (rank 0), {@code exp_avg} and {@code exp_avg_sq} for {@link AdamW}. A
 * parameter that has never had a gradient has no entries. The tensors are the optimizer's own values
 * (tensors are immutable), so saving them as float32 and importing them back resumes bit for bit.
 *
 * @param stepCount the number of {@link Optimizer#step()} calls made
 * @param tensors the named state tensors, in parameter order
 */
public record OptimizerState(long stepCount, Map<String, Tensor> tensors) {
    /** Checks the step count and takes an unmodifiable, order-keeping copy of the tensors. */
    public OptimizerState {
        if (stepCount < 0) {
            throw new IllegalArgumentException("optimizer state: step count must be >= 0, not " + stepCount);
        }
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }
}
