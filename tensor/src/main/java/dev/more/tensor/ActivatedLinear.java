package dev.more.tensor;

/**
 * What {@link Tensor#linearGelu} gives: the activation and, when kept, the linear layer's output before it.
 *
 * @param output {@code gelu(x · wᵀ + b)}
 * @param preActivation {@code x · wᵀ + b}, or null when not kept
 */
public record ActivatedLinear(Tensor output, Tensor preActivation) {}
