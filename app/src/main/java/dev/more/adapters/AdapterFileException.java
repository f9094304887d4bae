package dev.more.adapters;

import java.io.IOException;

/** An adapter folder that cannot be read or does not fit the model; the message names the file and every problem. */
public final class AdapterFileException extends IOException {
    /** An exception with {@code message}. */
    public AdapterFileException(String message) {
        super(message);
    }

    /** An exception with {@code message} caused by {@code cause}. */
    public AdapterFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
