package dev.more.kernels.opencl;

/**
 * Softmax over contiguous rows, forward and backward: the OpenCL twin of {@link dev.more.kernels.cpu.Softmax}
 * ({@code softmax.cl}). One work-group per row reduces in local memory, so its sums add in another order than
 * the CPU's.
 */
public final class ClSoftmax {
    private ClSoftmax() {}

    /** Softmax (or log-softmax) of {@code rows} rows of {@code n} starting at {@code offset}. */
    public static ClBuffer rows(ClRuntime rt, ClBuffer x, int offset, int rows, int n, boolean log) {
        ClBuffer out = rt.allocate(rows * n);
        ClKernel k = rt.kernel("softmax.cl", "softmax_rows", "");
        int group = k.powerOfTwoGroup(n, 256);
        k.launch()
                .arg(x)
                .arg(offset)
                .arg(n)
                .arg(log ? 1 : 0)
                .arg(out)
                .local(4L * group)
                .run(new long[] {(long) rows * group}, new long[] {group});
        return out;
    }

    /** The gradient of {@link #rows} from its output y and dy (rows of n from their offsets). */
    public static ClBuffer backwardRows(
            ClRuntime rt, ClBuffer y, int yOffset, ClBuffer dy, int dyOffset, int rows, int n, boolean log) {
        ClBuffer dx = rt.allocate(rows * n);
        ClKernel k = rt.kernel("softmax.cl", "softmax_backward_rows", "");
        int group = k.powerOfTwoGroup(n, 256);
        k.launch()
                .arg(y)
                .arg(yOffset)
                .arg(dy)
                .arg(dyOffset)
                .arg(n)
                .arg(log ? 1 : 0)
                .arg(dx)
                .local(4L * group)
                .run(new long[] {(long) rows * group}, new long[] {group});
        return dx;
    }
}
