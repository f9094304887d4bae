package dev.more.tensor.io;

import java.io.IOException;
import java.io.Serial;

/**
 * A file that is not valid safetensors, or a tensor in it that cannot be loaded as a float tensor.
 *
 * <p>It is an {@link IOException} so that callers handle format violations and I/O failures with one checked
 * type. The message names the file (and the tensor, where there is one) and the numbers involved.
 */
public final class SafeTensorsException extends IOException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** An exception with the given message. */
    public SafeTensorsException(String message) {
        super(message);
    }

    /** An exception with the given message and cause. */
    public SafeTensorsException(String message, Throwable cause) {
        super(message, cause);
    }

    /** {@code "<file>: <detail>"}, the message format used throughout this package. */
    static SafeTensorsException in(String file, String detail) {
        return new SafeTensorsException(file + ": " + detail);
    }
}
