package dev.more.tensor;

import java.util.function.Function;

/**
 * The layer norm a post-LN transformer sublayer ends with, {@code layerNorm(x + sublayer(x))}: its scale
 * and shift (each null for none) and epsilon. Given to the inference blocks ({@link AttentionOps#block},
 * {@link Tensor#feedForward}), it makes them return the normalised residual sum, the sublayer's own output
 * then living only in a buffer the CPU reuses.
 *
 * @param gamma the scale, or null
 * @param beta the shift, or null
 * @param eps added to the variance
 * @param <T> what the scale and shift are
 */
public record SublayerNorm<T>(T gamma, T beta, float eps) {
    /**
     * {@code layerNorm(y + x)} on {@code backend} by {@code norm}, for a contiguous y shaped like x; y itself
     * when norm is null.
     */
    static Storage residual(Backend backend, Storage y, Storage x, Layout lx, SublayerNorm<Storage> norm) {
        if (norm == null) {
            return y;
        }
        return backend.addLayerNorm(y, Layout.contiguous(lx.shape()), x, lx, norm.gamma(), norm.beta(), norm.eps(),
                false)[0];
    }

    /** The scale and shift mapped by {@code f}; null ones stay null. */
    public <R> SublayerNorm<R> map(Function<T, R> f) {
        return new SublayerNorm<>(gamma == null ? null : f.apply(gamma), beta == null ? null : f.apply(beta), eps);
    }
}
