package dev.more.kernels.opencl;

/**
 * Layer norm over contiguous rows, forward and backward: the OpenCL twin of {@link
 * dev.more.kernels.cpu.LayerNorm} ({@code layernorm.cl}). One work-group per row reduces in local memory (so its
 * sums add in another order than the CPU's); the parameter gradients add the rows in order, one work-item per
 * column.
 */
public final class ClLayerNorm {
    private ClLayerNorm() {}

    /** Layer norm of {@code rows} rows of {@code n}; gamma and beta (n floats) may be null. */
    public static ClBuffer forward(
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
     * The gradients of {@link #forward} given dy: {@code {dx, dgamma, dbeta}}, dgamma only when
     * {@code gamma} is given and dbeta only when {@code withBeta}.
     */
    public static ClBuffer[] backward(
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
