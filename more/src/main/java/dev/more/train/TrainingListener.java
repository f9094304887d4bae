package dev.more.train;

import java.io.IOException;
import java.nio.file.Path;

/** What a {@link Trainer} reports as it goes: for progress bars, logs and checkpoints. */
public interface TrainingListener {
    /** Training starts: {@code totalSteps} steps over {@code epochs} epochs of {@code stepsPerEpoch}. */
    default void started(int epochs, int stepsPerEpoch, int totalSteps) {}

    /**
     * Training goes on from the checkpoint at {@code checkpoint} (null if unnamed), taken after
     * {@code step} steps; called after {@link #started}, before the first new step.
     */
    default void resumed(int step, Path checkpoint) {}

    /** A step finished. */
    default void step(StepRecord step) {}

    /**
     * An epoch ended and was evaluated. When {@code best}, the model now holds the best parameters so far:
     * the moment to write the adapter files.
     *
     * @throws IOException if writing fails, which ends training
     */
    default void epochEnded(EpochRecord epoch, boolean best) throws IOException {}

    /** A listener that does nothing. */
    static TrainingListener none() {
        return new TrainingListener() {};
    }
}
