package dev.more.nn.loader;

import java.io.IOException;
import java.io.Serial;

/**
 * Bytes that are not a well-formed ONNX model, or a tensor in one that cannot be loaded as float32.
 *
 * <p>The message starts with the source (file or resource name) and says which message, field or tensor is wrong.
 */
public final class OnnxFormatException extends IOException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** An exception with the given message. */
    public OnnxFormatException(String message) {
        super(message);
    }

    /** An exception with the given message and cause. */
    public OnnxFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
