package dev.more.train;

/**
 * A fine-tuning spec that does not fit its model: an adapter target that matches no module, a trainable
 * module the model lacks, a maximum length beyond the model's positions, or options and data other than
 * those of the checkpoint a run is to resume from. The command line reports it as bad usage.
 */
public final class SpecMismatchException extends IllegalArgumentException {
    /** A mismatch described by {@code message}, found as {@code cause} (may be null). */
    public SpecMismatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
