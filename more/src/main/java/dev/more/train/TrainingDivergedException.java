package dev.more.train;

import java.nio.file.Path;

/**
 * Training met a loss or a gradient that is NaN or infinite and stopped. The message names the step,
 * what was not finite (the loss, or the first parameter whose gradient is, with its module), and the
 * last good checkpoint.
 */
public final class TrainingDivergedException extends IllegalStateException {
    private final int step;
    private final String culprit;
    private final transient Path lastCheckpoint;

    /**
     * A stop at {@code step} (from 1) of {@code epoch} because of {@code culprit} (e.g. "the loss is NaN"),
     * {@code lastCheckpoint} being the last checkpoint saved, or null if none was.
     */
    public TrainingDivergedException(int step, int epoch, String culprit, Path lastCheckpoint) {
        super("training stopped at step " + step + " (epoch " + epoch + "): " + culprit + "; "
                + (lastCheckpoint == null
                        ? "no checkpoint was saved before it"
                        : "the last good checkpoint is " + lastCheckpoint)
                + "; try a lower learning rate");
        this.step = step;
        this.culprit = culprit;
        this.lastCheckpoint = lastCheckpoint;
    }

    /** The step that met the non-finite value, from 1. */
    public int step() {
        return step;
    }

    /** What was not finite: "the loss is NaN", "the gradient of classifier.weight (module classifier) holds NaN". */
    public String culprit() {
        return culprit;
    }

    /** The last checkpoint saved before the step, or null if none was. */
    public Path lastCheckpoint() {
        return lastCheckpoint;
    }
}
