package dev.more.kernels.opencl;

import dev.more.kernels.ReduceOp;
import java.util.Arrays;

/**
 * Reductions over the trailing dimensions of a strided view, the OpenCL twin of
 * {@link dev.more.kernels.cpu.Reductions}: one work-group per result, the group's work-items each
 * folding a strided share of the reduced elements before a tree in local memory. Sums therefore add
 * in a different order than the CPU's; max and argmax (first maximum, NaN wins) are exact.
 */
public final class ClReductions {
    private static final String FILE = "reduce.cl";
    static final String DEFINES = ClElementwise.enumDefines("REDUCE_", ReduceOp.values());

    private ClReductions() {}

    /**
     * Reduces the last {@code reducedDims} dimensions of the view (x, offset, strides, shape); the result,
     * contiguous, has the shape of the leading dimensions.
     */
    public static ClBuffer reduce(
            ClRuntime rt, ReduceOp op, ClBuffer x, int offset, int[] strides, int[] shape, int reducedDims) {
        int kept = shape.length - reducedDims;
        ClStrides.Walk rows = ClStrides.coalesce(Arrays.copyOf(shape, kept), Arrays.copyOf(strides, kept));
        int[] redShape = Arrays.copyOfRange(shape, kept, shape.length);
        int[] redStrides = Arrays.copyOfRange(strides, kept, shape.length);
        // merging keeps the row-major order, so argmax positions are the same in the merged shape
        ClStrides.Walk reduced = ClStrides.coalesce(redShape, redStrides);
        int count = rows.numel();
        int n = reduced.numel();
        ClBuffer out = rt.allocate(count);
        if (count == 0) {
            return out;
        }
        ClKernel k = rt.kernel(FILE, "reduce_trailing", DEFINES);
        int group = k.powerOfTwoGroup(Math.max(1, n), 256);
        k.launch()
                .arg(op.ordinal())
                .struct(rows.shapeStruct())
                .struct(rows.view(0, offset))
                .struct(reduced.shapeStruct())
                .struct(reduced.view(0, 0))
                .arg(n)
                .arg(count)
                .arg(x)
                .arg(out)
                .local(4L * group)
                .local(4L * group)
                .run(new long[] {(long) count * group}, new long[] {group});
        return out;
    }
}
