package dev.more.train;

import java.util.List;

/**
 * What a training run did. The model is left holding the parameters of {@link #bestEpoch()}.
 *
 * @param steps every step, in order
 * @param epochs every epoch run, in order
 * @param bestEpoch the epoch with the best evaluation (1-based)
 * @param stoppedEarly true when patience ran out before the last epoch
 * @param trainSeconds time spent in training steps (evaluation excluded)
 */
public record TrainingResult(
        List<StepRecord> steps, List<EpochRecord> epochs, int bestEpoch, boolean stoppedEarly, double trainSeconds) {
    /** Copies the lists. */
    public TrainingResult {
        steps = List.copyOf(steps);
        epochs = List.copyOf(epochs);
    }

    /** The epoch whose parameters the model holds. */
    public EpochRecord best() {
        return epochs.get(bestEpoch - 1);
    }

    /** The mean training loss of the last epoch run. */
    public double finalLoss() {
        return epochs.getLast().trainLoss();
    }

    /** Training examples per second of training time. */
    public double examplesPerSecond() {
        return steps.isEmpty() ? 0 : steps.getLast().examples() / Math.max(trainSeconds, 1e-9);
    }
}
