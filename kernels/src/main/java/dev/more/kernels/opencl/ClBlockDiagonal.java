package dev.more.kernels.opencl;

/**
 * The unfused pieces of a Monarch/MoRe product on the device, the OpenCL twins of
 * {@link dev.more.kernels.cpu.BlockDiagonalMatmul} and {@link dev.more.kernels.cpu.MonarchPermutation}:
 * x (rows, k·p) times k blocks w (k, q, p) gives y (rows, k·q); one work-item per result element.
 * All buffers are contiguous from element 0; results are new buffers.
 */
public final class ClBlockDiagonal {
    private static final String FILE = "blockdiag.cl";

    private ClBlockDiagonal() {}

    /** {@code y = x · blockdiag(w)ᵀ}. */
    public static ClBuffer forward(ClRuntime rt, ClBuffer x, int rows, int k, int p, int q, ClBuffer w) {
        ClBuffer y = rt.allocate(rows * k * q);
        run2d(
                rt.kernel(FILE, "blockdiag_forward", "")
                        .launch()
                        .arg(x)
                        .arg(rows)
                        .arg(k)
                        .arg(p)
                        .arg(q)
                        .arg(w)
                        .arg(y),
                k * q,
                rows);
        return y;
    }

    /** {@code dx = dy · blockdiag(w)}. */
    public static ClBuffer backwardInput(ClRuntime rt, ClBuffer dy, int rows, int k, int p, int q, ClBuffer w) {
        ClBuffer dx = rt.allocate(rows * k * p);
        run2d(
                rt.kernel(FILE, "blockdiag_backward_input", "")
                        .launch()
                        .arg(dy)
                        .arg(rows)
                        .arg(k)
                        .arg(p)
                        .arg(q)
                        .arg(w)
                        .arg(dx),
                k * p,
                rows);
        return dx;
    }

    /** {@code dw[j] = dy_jᵀ · x_j}, rows added in order. */
    public static ClBuffer backwardWeight(ClRuntime rt, ClBuffer dy, ClBuffer x, int rows, int k, int p, int q) {
        ClBuffer dw = rt.allocate(k * q * p);
        ClKernel kernel = rt.kernel(FILE, "blockdiag_backward_weight", "");
        kernel.launch().arg(dy).arg(x).arg(rows).arg(k).arg(p).arg(q).arg(dw).run(new long[] {k * q * p}, new long[] {
            kernel.powerOfTwoGroup(k * q * p, 64)
        });
        return dw;
    }

    /** Each of {@code rows} rows of {@code a·b} read as (a, b) and written as its (b, a) transpose. */
    public static ClBuffer transposeRows(ClRuntime rt, ClBuffer src, int rows, int a, int b) {
        ClBuffer dst = rt.allocate(rows * a * b);
        run2d(
                rt.kernel(FILE, "transpose_rows", "")
                        .launch()
                        .arg(src)
                        .arg(rows)
                        .arg(a)
                        .arg(b)
                        .arg(dst),
                a * b,
                rows);
        return dst;
    }

    /** Runs over (columns, rows) in work-groups of up to 64 × 1. */
    private static void run2d(ClKernel.Launch launch, int columns, int rows) {
        launch.run(new long[] {columns, rows}, new long[] {launch.kernel().powerOfTwoGroup(columns, 64), 1});
    }
}
