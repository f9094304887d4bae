package dev.more.train;

import dev.more.nn.optim.OptimizerState;
import dev.more.tensor.Rng;
import dev.more.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a {@link Trainer} needs to go on from a step as if it had never stopped: where it is in the
 * epoch's batch order, the generators, the trainable weights, the optimizer's state, the best epoch so
 * far and the record of every step and epoch. A run resumed from it ends bit-identical to the
 * uninterrupted run (on the same machine and thread count). Tensors are immutable, so holding them here
 * is a snapshot.
 *
 * @param epoch the epoch the next step belongs to, from 1; past the last epoch when training is over
 * @param stepInEpoch the steps of {@code epoch} already taken (its batches to skip on resuming)
 * @param stoppedEarly true when patience ran out: training is over
 * @param batchOrder the batch-order generator as it was at the start of {@code epoch}, before it shuffled
 * @param randomStates each {@link dev.more.nn.Stochastic} module's generator, by module path
 * @param parameters the trainable parameters' values, by name
 * @param optimizer the optimizer's state
 * @param best the trainable values of the best epoch so far, by name; empty before the first evaluation
 * @param bestEpoch the best epoch so far, 0 before the first evaluation
 * @param sinceBest the epochs evaluated since the best one
 * @param steps every step taken, in order
 * @param epochs every epoch finished, in order
 * @param epochLossSum the sum of the losses of {@code epoch}'s steps so far
 * @param epochSeconds the time {@code epoch}'s steps took so far
 */
public record Checkpoint(
        int epoch,
        int stepInEpoch,
        boolean stoppedEarly,
        Rng.State batchOrder,
        Map<String, Rng.State> randomStates,
        Map<String, Tensor> parameters,
        OptimizerState optimizer,
        Map<String, Tensor> best,
        int bestEpoch,
        int sinceBest,
        List<StepRecord> steps,
        List<EpochRecord> epochs,
        double epochLossSum,
        double epochSeconds) {
    /** Checks the counters against the records and takes unmodifiable, order-keeping copies. */
    public Checkpoint {
        Objects.requireNonNull(batchOrder, "batchOrder");
        Objects.requireNonNull(optimizer, "optimizer");
        randomStates = frozen(randomStates);
        parameters = frozen(parameters);
        best = frozen(best);
        steps = List.copyOf(steps);
        epochs = List.copyOf(epochs);
        if (epoch < 1 || stepInEpoch < 0) {
            throw new IllegalArgumentException(
                    "checkpoint: epoch " + epoch + " and step in epoch " + stepInEpoch + " must be >= 1 and >= 0");
        }
        if (epochs.size() != epoch - 1) {
            throw new IllegalArgumentException(
                    "checkpoint: " + epochs.size() + " epochs recorded before epoch " + epoch);
        }
        if (bestEpoch < 0 || bestEpoch > epochs.size() || (bestEpoch == 0) != best.isEmpty()) {
            throw new IllegalArgumentException("checkpoint: best epoch " + bestEpoch + " of " + epochs.size() + " with "
                    + best.size() + " best tensors");
        }
        if (!steps.isEmpty() && (steps.getLast().epoch() != (stepInEpoch > 0 ? epoch : epoch - 1))) {
            throw new IllegalArgumentException("checkpoint: the last step is in epoch "
                    + steps.getLast().epoch() + ", not where epoch " + epoch + " step " + stepInEpoch + " says");
        }
    }

    private static <V> Map<String, V> frozen(Map<String, V> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /** The steps taken, over all epochs. */
    public int step() {
        return steps.size();
    }

    /** Training time so far (evaluation excluded). */
    public double trainSeconds() {
        return steps.isEmpty() ? 0 : steps.getLast().seconds();
    }
}
