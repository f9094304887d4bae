package dev.more.kernels.opencl;

import dev.more.kernels.BinaryOp;
import dev.more.kernels.UnaryOp;
import dev.more.kernels.cpu.Layouts;

/**
 * Elementwise kernels over strided views (stride 0 broadcasts): the OpenCL twins of
 * {@link dev.more.kernels.cpu.Elementwise}. Results are new contiguous buffers, except
 * {@link #copy}, which writes into a view of an existing buffer. Transcendental functions are
 * OpenCL's built-ins (within the few ulp the OpenCL specification allows), not the CPU's own.
 */
public final class ClElementwise {
    private static final String FILE = "elementwise.cl";
    static final String DEFINES =
            enumDefines("UNARY_", UnaryOp.values()) + " " + enumDefines("BINARY_", BinaryOp.values());

    private ClElementwise() {}

    /** {@code -D<prefix><NAME>=<ordinal>} for each constant, so the kernels' op codes follow the enum. */
    static String enumDefines(String prefix, Enum<?>[] values) {
        StringBuilder sb = new StringBuilder();
        for (Enum<?> v : values) {
            sb.append(sb.isEmpty() ? "" : " ")
                    .append("-D")
                    .append(prefix)
                    .append(v.name())
                    .append('=')
                    .append(v.ordinal());
        }
        return sb.toString();
    }

    /** {@code op} of each element of the view (x, offset, strides, shape), as a new contiguous buffer. */
    public static ClBuffer unary(ClRuntime rt, UnaryOp op, ClBuffer x, int offset, int[] strides, int[] shape) {
        ClStrides.Walk w = ClStrides.coalesce(shape, strides);
        int n = w.numel();
        ClBuffer out = rt.allocate(n);
        ClKernel k = rt.kernel(FILE, "unary", DEFINES);
        k.launch()
                .arg(op.ordinal())
                .struct(w.shapeStruct())
                .struct(w.view(0, offset))
                .arg(x)
                .arg(out)
                .arg(n)
                .run(new long[] {n}, local(k));
        return out;
    }

    /** {@code op} of corresponding elements of two views of one shape, as a new contiguous buffer. */
    public static ClBuffer binary(
            ClRuntime rt,
            BinaryOp op,
            ClBuffer a,
            int aOffset,
            int[] aStrides,
            ClBuffer b,
            int bOffset,
            int[] bStrides,
            int[] shape) {
        ClStrides.Walk w = ClStrides.coalesce(shape, aStrides, bStrides);
        int n = w.numel();
        ClBuffer out = rt.allocate(n);
        ClKernel k = rt.kernel(FILE, "binary", DEFINES);
        k.launch()
                .arg(op.ordinal())
                .struct(w.shapeStruct())
                .struct(w.view(0, aOffset))
                .arg(a)
                .struct(w.view(1, bOffset))
                .arg(b)
                .arg(out)
                .arg(n)
                .run(new long[] {n}, local(k));
        return out;
    }

    /** {@code cond != 0 ? a : b} over three views of one shape, as a new contiguous buffer. */
    public static ClBuffer where(
            ClRuntime rt,
            ClBuffer cond,
            int cOffset,
            int[] cStrides,
            ClBuffer a,
            int aOffset,
            int[] aStrides,
            ClBuffer b,
            int bOffset,
            int[] bStrides,
            int[] shape) {
        ClStrides.Walk w = ClStrides.coalesce(shape, cStrides, aStrides, bStrides);
        int n = w.numel();
        ClBuffer out = rt.allocate(n);
        ClKernel k = rt.kernel(FILE, "select_where", DEFINES);
        k.launch()
                .struct(w.shapeStruct())
                .struct(w.view(0, cOffset))
                .arg(cond)
                .struct(w.view(1, aOffset))
                .arg(a)
                .struct(w.view(2, bOffset))
                .arg(b)
                .arg(out)
                .arg(n)
                .run(new long[] {n}, local(k));
        return out;
    }

    /** Writes the view of {@code src} into the view of {@code dst} (same shape); mutates {@code dst}. */
    public static void copy(
            ClRuntime rt,
            ClBuffer src,
            int srcOffset,
            int[] srcStrides,
            int[] shape,
            ClBuffer dst,
            int dstOffset,
            int[] dstStrides) {
        ClStrides.Walk w = ClStrides.coalesce(shape, srcStrides, dstStrides);
        int n = w.numel();
        if (n == 0) {
            return;
        }
        if (w.shape().length <= 1 && (w.shape().length == 0 || (w.strides()[0][0] == 1 && w.strides()[1][0] == 1))) {
            rt.copy(src, srcOffset, dst, dstOffset, n);
            return;
        }
        ClKernel k = rt.kernel(FILE, "copy_view", DEFINES);
        k.launch()
                .struct(w.shapeStruct())
                .struct(w.view(0, srcOffset))
                .arg(src)
                .struct(w.view(1, dstOffset))
                .arg(dst)
                .arg(n)
                .run(new long[] {n}, local(k));
    }

    /** The view as a new contiguous buffer. */
    public static ClBuffer contiguous(ClRuntime rt, ClBuffer src, int offset, int[] strides, int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        ClBuffer out = rt.allocate(n);
        copy(rt, src, offset, strides, shape, out, 0, Layouts.contiguousStrides(shape));
        return out;
    }

    static long[] local(ClKernel k) {
        return new long[] {k.powerOfTwoGroup(256, 256)};
    }
}
