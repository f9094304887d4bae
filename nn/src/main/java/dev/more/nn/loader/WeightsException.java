package dev.more.nn.loader;

import java.io.IOException;
import java.io.Serial;

/**
 * Weights that cannot be loaded as a BERT-family encoder: a missing file, an invalid {@code config.json}, or
 * parameters that are missing, unexpected or mis-shaped for the configuration.
 *
 * <p>The message names the file or folder and every offending parameter with its shape.
 */
public final class WeightsException extends IOException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** An exception with the given message. */
    public WeightsException(String message) {
        super(message);
    }

    /** An exception with the given message and cause. */
    public WeightsException(String message, Throwable cause) {
        super(message, cause);
    }
}
