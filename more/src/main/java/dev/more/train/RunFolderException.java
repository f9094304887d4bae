package dev.more.train;

import java.io.IOException;

/** A run folder (what {@code more finetune} writes) that is missing a file or holds a malformed one. */
public final class RunFolderException extends IOException {
    /** A failure described by {@code message}. */
    public RunFolderException(String message) {
        super(message);
    }

    /** A failure described by {@code message}, caused by {@code cause}. */
    public RunFolderException(String message, Throwable cause) {
        super(message, cause);
    }
}
