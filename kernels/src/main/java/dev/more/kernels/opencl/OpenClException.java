package dev.more.kernels.opencl;

/**
 * A failure of the OpenCL runtime: no loader or platform, a device that cannot be used, a kernel that
 * does not build (the message then carries the build log), or an error code from a call, named.
 */
public final class OpenClException extends RuntimeException {
    /** A failure described by {@code message}. */
    public OpenClException(String message) {
        super(message);
    }

    /** A failure described by {@code message}, caused by {@code cause}. */
    public OpenClException(String message, Throwable cause) {
        super(message, cause);
    }
}
