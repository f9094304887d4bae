package dev.more.adapters;

import java.io.IOException;
import java.util.List;

/** An adapter folder that cannot be read or does not fit the model; the message names the file and every problem. */
public final class AdapterFileException extends IOException {
    /** Each way the weights do not fit the model, one line each; empty for other failures. */
    private final List<String> mismatches;

    /** An exception with {@code message}. */
    public AdapterFileException(String message) {
        this(message, (Throwable) null);
    }

    /** An exception with {@code message} caused by {@code cause}. */
    public AdapterFileException(String message, Throwable cause) {
        super(message, cause);
        this.mismatches = List.of();
    }

    /**
     * Weights that do not fit the model: the message is {@code summary} followed by one line per mismatch.
     *
     * @param mismatches each missing, mis-shaped or unexpected tensor, at least one
     */
    public AdapterFileException(String summary, List<String> mismatches) {
        super(summary + ":\n  " + String.join("\n  ", mismatches));
        this.mismatches = List.copyOf(mismatches);
    }

    /** Each way the weights do not fit the model (missing, mis-shaped or unexpected tensors); empty otherwise. */
    public List<String> mismatches() {
        return mismatches;
    }
}
