package dev.more.tensor;

import dev.more.kernels.opencl.ClBuffer;

/**
 * Storage in an OpenCL device buffer. The buffer's memory is released when this storage (and every
 * tensor viewing it) becomes unreachable.
 *
 * @param backend the backend of the device holding the buffer
 * @param buffer the device buffer
 */
public record OpenClStorage(OpenClBackend backend, ClBuffer buffer) implements Storage {
    @Override
    public int length() {
        return buffer.length();
    }
}
