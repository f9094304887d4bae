package dev.more.kernels.opencl;

import static org.jocl.CL.CL_COMPLETE;
import static org.jocl.CL.CL_CONTEXT_PLATFORM;
import static org.jocl.CL.CL_EVENT_COMMAND_EXECUTION_STATUS;
import static org.jocl.CL.CL_FALSE;
import static org.jocl.CL.CL_MEM_READ_WRITE;
import static org.jocl.CL.CL_PROFILING_COMMAND_END;
import static org.jocl.CL.CL_PROFILING_COMMAND_START;
import static org.jocl.CL.CL_QUEUE_PROFILING_ENABLE;
import static org.jocl.CL.CL_TRUE;
import static org.jocl.CL.clCreateBuffer;
import static org.jocl.CL.clCreateCommandQueue;
import static org.jocl.CL.clCreateContext;
import static org.jocl.CL.clEnqueueCopyBuffer;
import static org.jocl.CL.clEnqueueFillBuffer;
import static org.jocl.CL.clEnqueueReadBuffer;
import static org.jocl.CL.clEnqueueWriteBuffer;
import static org.jocl.CL.clFinish;
import static org.jocl.CL.clGetEventInfo;
import static org.jocl.CL.clGetEventProfilingInfo;
import static org.jocl.CL.clReleaseEvent;
import static org.jocl.CL.clWaitForEvents;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_context_properties;
import org.jocl.cl_device_id;
import org.jocl.cl_event;

/**
 * One OpenCL device in use: its context, one in-order command queue (with profiling, so kernel times
 * can be read from events), the program cache, buffer allocation and the transfers. Kernels queued one
 * after another run in order without waiting for the host; only a download waits. Uploads are
 * non-blocking from direct buffers, which are kept until their write event completes.
 *
 * <p>All calls are serialised on this object (kernel objects carry their arguments, so two threads
 * must not set and launch at once).
 */
public final class ClRuntime {
    private static final Map<Integer, ClRuntime> RUNTIMES = new HashMap<>();
    /** Bytes of uploads in flight past which the host waits for the queue before staging more. */
    private static final long STAGING_LIMIT = 256L << 20;

    private final ClDeviceInfo info;
    private final cl_device_id device;
    private final cl_context context;
    private final cl_command_queue queue;
    private final ClPrograms programs;
    private final AtomicLong liveBytes = new AtomicLong();
    private final long memoryBudget;
    private final List<Staged> staged = new ArrayList<>();
    private long stagedBytes;
    private List<cl_event> timed;
    private ClBuffer placeholder;

    /** A host buffer whose non-blocking write has not been seen to complete. */
    private record Staged(ByteBuffer data, cl_event written) {}

    private ClRuntime(ClPlatforms.Found found) {
        this.info = found.info();
        this.device = found.device();
        cl_context_properties properties = new cl_context_properties();
        properties.addProperty(CL_CONTEXT_PLATFORM, found.platform());
        this.context = clCreateContext(properties, 1, new cl_device_id[] {device}, null, null, null);
        this.queue = createQueue(context, device);
        this.programs = new ClPrograms(this);
        // Device memory is not Java heap: the collector does not see it fill. Past this budget an
        // allocation first asks for a collection, whose cleaners release unreachable buffers.
        this.memoryBudget = Math.max(64L << 20, info.globalMemBytes() / 4 * 3);
    }

    @SuppressWarnings("deprecation") // clCreateCommandQueue is the OpenCL 1.2 form, which every driver has
    private static cl_command_queue createQueue(cl_context context, cl_device_id device) {
        return clCreateCommandQueue(context, device, CL_QUEUE_PROFILING_ENABLE, null);
    }

    /**
     * The runtime of device {@code index} of {@link ClPlatforms#devices()}, created on first use.
     *
     * @throws OpenClException if OpenCL is unavailable, the index does not exist, or the context fails
     */
    public static synchronized ClRuntime get(int index) {
        ClRuntime runtime = RUNTIMES.get(index);
        if (runtime != null) {
            return runtime;
        }
        List<ClPlatforms.Found> found = ClPlatforms.discover();
        if (index < 0 || index >= found.size()) {
            throw new OpenClException("there is no OpenCL device " + index + "; this machine has " + found.size()
                    + " (opencl:0 to opencl:" + (found.size() - 1) + ")");
        }
        try {
            runtime = new ClRuntime(found.get(index));
        } catch (CLException e) {
            throw new OpenClException(
                    "OpenCL device " + found.get(index).info().describe() + " could not be opened: " + e.getMessage(),
                    e);
        }
        RUNTIMES.put(index, runtime);
        return runtime;
    }

    /** The device this runtime drives. */
    public ClDeviceInfo info() {
        return info;
    }

    cl_context context() {
        return context;
    }

    cl_device_id device() {
        return device;
    }

    cl_command_queue queue() {
        return queue;
    }

    /** Kernel {@code name} from resource {@code file}, built with {@code defines} (e.g. {@code -DTILE=32}). */
    public ClKernel kernel(String file, String name, String defines) {
        return programs.kernel(file, name, defines);
    }

    /** A new, uninitialised buffer of {@code length} 4-byte elements. */
    public synchronized ClBuffer allocate(int length) {
        long bytes = ClBuffer.bytes(length);
        if (liveBytes.get() + bytes > memoryBudget) {
            reclaim(bytes);
        }
        try {
            return create(length, bytes);
        } catch (CLException full) {
            System.gc();
            reclaim(bytes);
        }
        try {
            return create(length, bytes);
        } catch (CLException e) {
            throw new OpenClException(
                    "cannot allocate " + bytes + " bytes on " + info.name() + " (" + (liveBytes.get() >> 20)
                            + " MiB in use): " + e.getMessage(),
                    e);
        }
    }

    private ClBuffer create(int length, long bytes) {
        ClBuffer b = new ClBuffer(clCreateBuffer(context, CL_MEM_READ_WRITE, bytes, null, null), length, liveBytes);
        liveBytes.addAndGet(bytes);
        return b;
    }

    /** Asks the collector to release unreachable buffers, waiting a little for their cleaners. */
    private void reclaim(long wanted) {
        for (int attempt = 0; attempt < 10 && liveBytes.get() + wanted > memoryBudget; attempt++) {
            System.gc();
            try {
                Thread.sleep(10L * (attempt + 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** A one-element buffer to pass where a kernel's optional buffer argument is absent. */
    public synchronized ClBuffer placeholder() {
        if (placeholder == null) {
            placeholder = zeros(1);
        }
        return placeholder;
    }

    /** A buffer of {@code length} zeros. */
    public synchronized ClBuffer zeros(int length) {
        return filled(length, 0f);
    }

    /** A buffer of {@code length} elements all {@code value}. */
    public synchronized ClBuffer filled(int length, float value) {
        ClBuffer b = allocate(length);
        if (length > 0) {
            clEnqueueFillBuffer(
                    queue, b.mem(), Pointer.to(new float[] {value}), Sizeof.cl_float, 0, 4L * length, 0, null, null);
        }
        return b;
    }

    /** A buffer holding {@code data}; the write is queued, the array may be reused at once. */
    public synchronized ClBuffer upload(float[] data) {
        ByteBuffer staging = ByteBuffer.allocateDirect(4 * data.length).order(ByteOrder.nativeOrder());
        staging.asFloatBuffer().put(data);
        return write(staging, data.length);
    }

    /** A buffer holding the ints {@code data} (index lists); queued like {@link #upload(float[])}. */
    public synchronized ClBuffer upload(int[] data) {
        ByteBuffer staging = ByteBuffer.allocateDirect(4 * data.length).order(ByteOrder.nativeOrder());
        staging.asIntBuffer().put(data);
        return write(staging, data.length);
    }

    private ClBuffer write(ByteBuffer staging, int length) {
        ClBuffer b = allocate(length);
        if (length == 0) {
            return b;
        }
        retireStaged(stagedBytes + staging.capacity() > STAGING_LIMIT);
        cl_event written = new cl_event();
        clEnqueueWriteBuffer(queue, b.mem(), CL_FALSE, 0, staging.capacity(), Pointer.to(staging), 0, null, written);
        staged.add(new Staged(staging, written));
        stagedBytes += staging.capacity();
        return b;
    }

    /** Drops the host buffers of completed uploads; waits for all of them when {@code all}. */
    private void retireStaged(boolean all) {
        if (all) {
            clFinish(queue);
        }
        for (Iterator<Staged> it = staged.iterator(); it.hasNext(); ) {
            Staged s = it.next();
            int[] status = new int[1];
            clGetEventInfo(s.written(), CL_EVENT_COMMAND_EXECUTION_STATUS, Sizeof.cl_int, Pointer.to(status), null);
            if (all || status[0] == CL_COMPLETE) {
                clReleaseEvent(s.written());
                stagedBytes -= s.data().capacity();
                it.remove();
            }
        }
    }

    /** Elements {@code offset .. offset+length-1} of {@code b}, waiting for the queue to reach them. */
    public synchronized float[] download(ClBuffer b, int offset, int length) {
        float[] out = new float[length];
        if (length > 0) {
            clEnqueueReadBuffer(queue, b.mem(), CL_TRUE, 4L * offset, 4L * length, Pointer.to(out), 0, null, null);
        }
        retireStaged(false);
        return out;
    }

    /** Copies {@code length} elements from {@code src} at {@code srcOffset} to {@code dst} at {@code dstOffset}. */
    public synchronized void copy(ClBuffer src, int srcOffset, ClBuffer dst, int dstOffset, int length) {
        if (length > 0) {
            clEnqueueCopyBuffer(
                    queue, src.mem(), dst.mem(), 4L * srcOffset, 4L * dstOffset, 4L * length, 0, null, null);
        }
    }

    /** Waits until every queued command has finished. */
    public synchronized void finish() {
        clFinish(queue);
        retireStaged(false);
    }

    /** Starts recording each kernel's profiling event, for {@link #stopTiming}. */
    public synchronized void startTiming() {
        timed = new ArrayList<>();
    }

    /**
     * Waits for the kernels launched since {@link #startTiming} and returns the sum of their execution
     * times (end minus start, from their profiling events) in nanoseconds.
     */
    public synchronized long stopTiming() {
        List<cl_event> events = timed == null ? List.of() : timed;
        timed = null;
        long total = 0;
        if (!events.isEmpty()) {
            clWaitForEvents(events.size(), events.toArray(new cl_event[0]));
        }
        for (cl_event e : events) {
            long[] start = new long[1];
            long[] end = new long[1];
            clGetEventProfilingInfo(e, CL_PROFILING_COMMAND_START, Sizeof.cl_ulong, Pointer.to(start), null);
            clGetEventProfilingInfo(e, CL_PROFILING_COMMAND_END, Sizeof.cl_ulong, Pointer.to(end), null);
            total += end[0] - start[0];
            clReleaseEvent(e);
        }
        return total;
    }

    /** An event for a launch to fill, or null when kernels are not being timed. */
    synchronized cl_event timingEvent() {
        return timed == null ? null : new cl_event();
    }

    /** Records the filled event of a queued launch (null: none) for {@link #stopTiming}. */
    synchronized void timed(cl_event queued) {
        if (queued != null && timed != null) {
            timed.add(queued);
        }
    }

    /** Bytes of device buffers currently allocated. */
    public long liveBytes() {
        return liveBytes.get();
    }
}
