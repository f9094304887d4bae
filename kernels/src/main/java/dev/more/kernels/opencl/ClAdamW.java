package dev.more.kernels.opencl;

/**
 * One AdamW step for one parameter on the device, fused into a single pass over p, g, m and v. The
 * kernel performs the float operations of the CPU's step in the same order with contraction off, so
 * with correctly rounded division and square root it matches the CPU bit for bit.
 */
public final class ClAdamW {
    private ClAdamW() {}

    /**
     * The scalars of one step, computed on the host as the CPU step computes them.
     *
     * @param decay {@code 1 - lr * weightDecay}
     * @param beta1 the first moment's decay
     * @param oneMinusBeta1 {@code 1 - beta1}
     * @param beta2 the second moment's decay
     * @param oneMinusBeta2 {@code 1 - beta2}
     * @param negStepSize {@code -lr / (1 - beta1^t)}
     * @param sqrtCorrection2 {@code sqrt(1 - beta2^t)}
     * @param eps added to the denominator
     */
    public record Step(
            float decay,
            float beta1,
            float oneMinusBeta1,
            float beta2,
            float oneMinusBeta2,
            float negStepSize,
            float sqrtCorrection2,
            float eps) {}

    /** The updated {@code {p, m, v}} of {@code n} contiguous elements each, as new buffers. */
    public static ClBuffer[] update(ClRuntime rt, ClBuffer p, ClBuffer g, ClBuffer m, ClBuffer v, int n, Step s) {
        ClBuffer pOut = rt.allocate(n);
        ClBuffer mOut = rt.allocate(n);
        ClBuffer vOut = rt.allocate(n);
        ClKernel k = rt.kernel("adamw.cl", "adamw_update", "");
        k.launch()
                .arg(p)
                .arg(g)
                .arg(m)
                .arg(v)
                .arg(n)
                .arg(s.decay())
                .arg(s.beta1())
                .arg(s.oneMinusBeta1())
                .arg(s.beta2())
                .arg(s.oneMinusBeta2())
                .arg(s.negStepSize())
                .arg(s.sqrtCorrection2())
                .arg(s.eps())
                .arg(pOut)
                .arg(mOut)
                .arg(vOut)
                .run(new long[] {n}, new long[] {k.powerOfTwoGroup(n, 256)});
        return new ClBuffer[] {pOut, mOut, vOut};
    }
}
