package dev.more.kernels.opencl;

import static org.jocl.CL.CL_KERNEL_WORK_GROUP_SIZE;
import static org.jocl.CL.clEnqueueNDRangeKernel;
import static org.jocl.CL.clGetKernelWorkGroupInfo;
import static org.jocl.CL.clSetKernelArg;

import java.util.ArrayList;
import java.util.List;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_event;
import org.jocl.cl_kernel;

/**
 * One built kernel and its launches. Arguments are given in order through {@link Launch}; int
 * arrays go by value as structs of ints (shapes and strides), so a strided view needs no buffer.
 */
public final class ClKernel {
    private final ClRuntime runtime;
    private final String name;
    private final cl_kernel kernel;
    private final long workGroupSize;

    ClKernel(ClRuntime runtime, String name, cl_kernel kernel) {
        this.runtime = runtime;
        this.name = name;
        this.kernel = kernel;
        long[] size = new long[1];
        clGetKernelWorkGroupInfo(
                kernel, runtime.device(), CL_KERNEL_WORK_GROUP_SIZE, Sizeof.size_t, Pointer.to(size), null);
        this.workGroupSize = Math.min(size[0], runtime.info().maxWorkGroupSize());
    }

    /** The largest work-group this kernel can run with on its device ({@code CL_KERNEL_WORK_GROUP_SIZE}). */
    public long workGroupSize() {
        return workGroupSize;
    }

    /**
     * The largest power of two that is at most {@code wanted}, this kernel's work-group limit and
     * {@code cap}: the size of a one-dimensional work-group whose work-items reduce in local memory.
     */
    public int powerOfTwoGroup(long wanted, int cap) {
        long limit = Math.max(1, Math.min(Math.min(wanted, cap), workGroupSize));
        return Integer.highestOneBit((int) limit);
    }

    /** A launch whose arguments are added in order. */
    public Launch launch() {
        return new Launch();
    }

    /** The arguments of one launch, then {@link #run}. */
    public final class Launch {
        private final List<Object[]> args = new ArrayList<>();
        private final List<ClBuffer> held = new ArrayList<>();

        private Launch() {}

        /** The kernel this launch runs. */
        public ClKernel kernel() {
            return ClKernel.this;
        }

        /** A buffer argument. */
        public Launch arg(ClBuffer buffer) {
            held.add(buffer);
            args.add(new Object[] {(long) Sizeof.cl_mem, Pointer.to(buffer.mem())});
            return this;
        }

        /** An int argument. */
        public Launch arg(int value) {
            args.add(new Object[] {(long) Sizeof.cl_int, Pointer.to(new int[] {value})});
            return this;
        }

        /** A float argument. */
        public Launch arg(float value) {
            args.add(new Object[] {(long) Sizeof.cl_float, Pointer.to(new float[] {value})});
            return this;
        }

        /** A struct of ints, passed by value (it must match the kernel's struct exactly). */
        public Launch struct(int[] values) {
            args.add(new Object[] {(long) Sizeof.cl_int * values.length, Pointer.to(values)});
            return this;
        }

        /** A {@code __local} buffer of {@code bytes}. */
        public Launch local(long bytes) {
            args.add(new Object[] {bytes, null});
            return this;
        }

        /**
         * Queues the kernel over {@code global} work-items in work-groups of {@code local} (null lets
         * the driver choose); each global size is rounded up to a multiple of the local one, so the
         * kernel must check its bounds. Nothing is queued when a global size is 0.
         */
        public void run(long[] global, long[] local) {
            long[] rounded = global.clone();
            long groupSize = 1;
            for (int d = 0; d < rounded.length; d++) {
                if (rounded[d] == 0) {
                    return;
                }
                if (local != null) {
                    rounded[d] = (rounded[d] + local[d] - 1) / local[d] * local[d];
                    groupSize *= local[d];
                }
            }
            if (groupSize > workGroupSize) {
                throw new OpenClException("kernel " + name + ": work-group of " + groupSize
                        + " exceeds the device's limit of " + workGroupSize + " for it");
            }
            synchronized (runtime) {
                try {
                    for (int i = 0; i < args.size(); i++) {
                        Object[] a = args.get(i);
                        clSetKernelArg(kernel, i, (Long) a[0], (Pointer) a[1]);
                    }
                    cl_event event = runtime.timingEvent();
                    clEnqueueNDRangeKernel(
                            runtime.queue(), kernel, rounded.length, null, rounded, local, 0, null, event);
                    runtime.timed(event);
                } catch (CLException e) {
                    throw new OpenClException(
                            "kernel " + name + " failed to launch over " + java.util.Arrays.toString(rounded)
                                    + " in groups of " + java.util.Arrays.toString(local) + ": " + e.getMessage(),
                            e);
                }
            }
            java.lang.ref.Reference.reachabilityFence(held);
        }
    }
}
