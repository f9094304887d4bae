package dev.more.train.data;

import java.io.IOException;

/**
 * A data file that cannot be used: missing, not UTF-8, malformed, without examples, or with a label the
 * training data does not have. The message starts with the file and, where there is one, the line
 * ({@code train.csv:12: ...}).
 */
public final class DataFormatException extends IOException {
    /** A failure described by {@code message}. */
    public DataFormatException(String message) {
        super(message);
    }

    /** A failure described by {@code message}, caused by {@code cause}. */
    public DataFormatException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A failure at {@code source:line}. */
    static DataFormatException at(String source, int line, String what) {
        return new DataFormatException(source + ":" + line + ": " + what);
    }
}
