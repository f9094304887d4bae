package dev.more.kernels.opencl;

import static org.jocl.CL.clReleaseMemObject;

import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicLong;
import org.jocl.cl_mem;

/**
 * A device buffer of 4-byte elements (floats, or ints for index lists). Its memory is released when
 * the buffer becomes unreachable (a {@link Cleaner} action), so a tensor's device storage lives exactly
 * as long as something refers to it; OpenCL keeps the memory until queued commands that use it finish.
 */
public final class ClBuffer {
    private static final Cleaner CLEANER = Cleaner.create();

    private final cl_mem mem;
    private final int length;

    ClBuffer(cl_mem mem, int length, AtomicLong liveBytes) {
        this.mem = mem;
        this.length = length;
        CLEANER.register(this, new Release(mem, bytes(length), liveBytes));
    }

    /** The OpenCL handle; valid while this buffer is reachable. */
    cl_mem mem() {
        return mem;
    }

    /** The number of 4-byte elements held. */
    public int length() {
        return length;
    }

    /** The bytes a buffer of {@code length} elements takes (at least one element: OpenCL has no empty buffers). */
    static long bytes(int length) {
        return 4L * Math.max(1, length);
    }

    /** The cleaning action: holds only the handle, never the buffer. */
    private record Release(cl_mem mem, long bytes, AtomicLong liveBytes) implements Runnable {
        @Override
        public void run() {
            clReleaseMemObject(mem);
            liveBytes.addAndGet(-bytes);
        }
    }
}
