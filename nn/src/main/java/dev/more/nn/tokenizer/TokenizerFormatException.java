package dev.more.nn.tokenizer;

import java.io.IOException;
import java.io.Serial;

/**
 * A {@code tokenizer.json} file that cannot be loaded: not JSON, a required section missing or of the wrong type,
 * or a model, normalizer, pre-tokenizer, post-processor or decoder this package does not implement.
 *
 * <p>It is a checked {@link IOException}, as the project's other file-format errors are, so that callers handle a
 * bad file and a failed read with one type. The message names the source (file or stream), the JSON path of the
 * offending value (for example {@code model.vocab}) and what is wrong with it.
 */
public final class TokenizerFormatException extends IOException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** An exception with the given message. */
    public TokenizerFormatException(String message) {
        super(message);
    }

    /** An exception with the given message and cause. */
    public TokenizerFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
