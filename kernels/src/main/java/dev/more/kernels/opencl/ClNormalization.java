package dev.more.kernels.opencl;

/**
 * Softmax and layer norm over contiguous rows, forward and backward: the OpenCL twins of
 * {@link dev.more.kernels.cpu.Softmax} and {@link dev.more.kernels.cpu.LayerNorm}. One work-group per
 * row reduces in local memory (so its sums add in another order than the CPU's); the layer norm's
 * parameter gradients add the rows in order, one work-item per column.
 */
public final class ClNormalization {
    private ClNormalization() {}

    /** Softmax (or log-softmax) of {@code rows} rows of {@code n} starting at {@code offset}. */
    public static ClBuffer softmax(ClRuntime rt, ClBuffer x, int offset, int rows, int n, boolean log) {
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

    /** The gradient of {@link #softmax} from its output y and dy (rows of n from their offsets). */
    public static ClBuffer softmaxBackward(
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

    /** Layer norm of {@code rows} rows of {@code n}; gamma and beta (n floats) may be null. */
    public static ClBuffer layerNorm(
            ClRuntime rt, ClBuffer x, int offset, int rows, int n, ClBuffer gamma, ClBuffer beta, float eps) {
        ClBuffer out = rt.allocate(rows * n);
        ClKernel k = rt.kernel("layernorm.cl", "layernorm_rows", "");
        int group = k.powerOfTwoGroup(n, 256);
        k.launch()
                .arg(x)
                .arg(offset)
                .arg(n)
                .arg(gamma == null ? rt.placeholder() : gamma)
                .arg(gamma == null ? 0 : 1)
                .arg(beta == null ? rt.placeholder() : beta)
                .arg(beta == null ? 0 : 1)
                .arg(eps)
                .arg(out)
                .local(4L * group)
                .run(new long[] {(long) rows * group}, new long[] {group});
        return out;
    }

    /**
     * The gradients of {@link #layerNorm} given dy: {@code {dx, dgamma, dbeta}}, dgamma only when
     * {@code gamma} is given and dbeta only when {@code withBeta}.
     */
    public static ClBuffer[] layerNormBackward(
            ClRuntime rt,
            ClBuffer x,
            int offset,
            int rows,
            int n,
            ClBuffer gamma,
            float eps,
            ClBuffer dy,
            int dyOffset,
            boolean withBeta) {
        ClBuffer dx = rt.allocate(rows * n);
        ClBuffer stats = rt.allocate(2 * rows);
        ClKernel k = rt.kernel("layernorm.cl", "layernorm_backward_rows", "");
        int group = k.powerOfTwoGroup(n, 256);
        k.launch()
                .arg(x)
                .arg(offset)
                .arg(n)
                .arg(gamma == null ? rt.placeholder() : gamma)
                .arg(gamma == null ? 0 : 1)
                .arg(eps)
                .arg(dy)
                .arg(dyOffset)
                .arg(dx)
                .arg(stats)
                .local(4L * group)
                .run(new long[] {(long) rows * group}, new long[] {group});
        ClBuffer dgamma = gamma == null ? null : rt.allocate(n);
        ClBuffer dbeta = withBeta ? rt.allocate(n) : null;
        if (dgamma != null || dbeta != null) {
            ClKernel p = rt.kernel("layernorm.cl", "layernorm_param_grads", "");
            p.launch()
                    .arg(x)
                    .arg(offset)
                    .arg(dy)
                    .arg(dyOffset)
                    .arg(stats)
                    .arg(rows)
                    .arg(n)
                    .arg(dgamma == null ? rt.placeholder() : dgamma)
                    .arg(dgamma == null ? 0 : 1)
                    .arg(dbeta == null ? rt.placeholder() : dbeta)
                    .arg(dbeta == null ? 0 : 1)
                    .run(new long[] {n}, new long[] {p.powerOfTwoGroup(n, 64)});
        }
        return new ClBuffer[] {dx, dgamma, dbeta};
    }
}
