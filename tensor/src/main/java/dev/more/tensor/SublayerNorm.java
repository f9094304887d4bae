package dev.more.tensor;

import java.util.function.Function;

/**
 * The layer norm a post-LN transformer sublayer ends with, {@code layerNorm(x + sublayer(x))}: its scale
 * and shift (each null for none) and epsilon. Given to the inference blocks ({@link AttentionOps#block},
 * {@link Tensor#feedForward}), it makes them return the normalised residual sum, the sublayer's own output
 * then living only in a buffer the CPU reuses.
 *
 * <p>With {@code overwriteInput} the caller gives up the sublayer's input x (as a buffer is donated to a
 * compiled function in JAX): the result may be written over x's storage, which must then not be read again
 * through x or any view of it. An encoder running its own intermediate states through its layers does so,
 * and the CPU then allocates no array for them (a fresh one is zeroed by the JVM on one thread: 0.6 ms for
 * a BERT batch of 32 × 128 tokens).
 *
 * @param gamma the scale, or null
 * @param beta the shift, or null
 * @param eps added to the variance
 * @param overwriteInput whether the result may be written over the input's storage
 * @param <T> what the scale and shift are
 */
public record SublayerNorm<T>(T gamma, T beta, float eps, boolean overwriteInput) {
    /** The norm, its result in new storage. */
    public SublayerNorm(T gamma, T beta, float eps) {
        this(gamma, beta, eps, false);
    }

    /** This norm, its result written over the sublayer's input where the device can (see the class comment). */
    public SublayerNorm<T> overwritingInput() {
        return new SublayerNorm<>(gamma, beta, eps, true);
    }

    /**
     * {@code layerNorm(y + x)} on {@code backend} by {@code norm}, for a contiguous y shaped like x, over x's
     * storage when the norm allows it; y itself when norm is null.
     */
    static Storage residual(Backend backend, Storage y, Storage x, Layout lx, SublayerNorm<Storage> norm) {
        if (norm == null) {
            return y;
        }
        Layout ly = Layout.contiguous(lx.shape());
        if (norm.overwriteInput()) {
            return backend.addLayerNormOverwriting(y, ly, x, lx, norm.gamma(), norm.beta(), norm.eps());
        }
        return backend.addLayerNorm(y, ly, x, lx, norm.gamma(), norm.beta(), norm.eps(), false)[0];
    }

    /** The scale and shift mapped by {@code f}; null ones stay null. */
    public <R> SublayerNorm<R> map(Function<T, R> f) {
        return new SublayerNorm<>(
                gamma == null ? null : f.apply(gamma), beta == null ? null : f.apply(beta), eps, overwriteInput);
    }
}
