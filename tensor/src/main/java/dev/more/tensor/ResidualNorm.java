package dev.more.tensor;

/**
 * What {@link Tensor#addLayerNorm} gives: the normalised sum and, when kept, the sum itself.
 *
 * @param output {@code layerNorm(x + residual)}
 * @param sum {@code x + residual}, or null when not kept
 */
public record ResidualNorm(Tensor output, Tensor sum) {}
