package dev.more.adapters;

import dev.more.nn.Parameter;
import dev.more.nn.UnaryModule;
import dev.more.nn.layers.Linear;
import dev.more.tensor.Tensor;
import java.util.Map;

/**
 * A frozen {@link Linear} with a trainable adapter: {@code y = base(x) + Δ(x)}, where Δ is linear, so
 * it can be merged into the weight ({@code W += deltaWeight()}) and unmerged again. The base layer's {@code weight} and {@code bias} stay registered under the adapted
 * module's path, so state dicts keep their Hugging Face names.
 *
 * <p>Merging is explicit: evaluation mode never touches the frozen weight. While merged, the forward
 * pass is the base layer alone and the adapter receives no gradient.
 */
public sealed interface AdapterLayer extends UnaryModule permits AdaptedLinear {
    /** The wrapped layer, whose parameters are those of this module's {@code weight} and {@code bias}. */
    Linear base();

    /** The adapter's own parameters by local name (e.g. {@code blkdiag1}, {@code lora_A.weight}). */
    Map<String, Parameter> adapterParameters();

    /** The number of elements of {@link #adapterParameters()}. */
    default long adapterParameterCount() {
        return adapterParameters().values().stream().mapToLong(Parameter::numel).sum();
    }

    /** The dense update (out, in) the adapter adds to the weight, as evaluation mode computes it (no dropout). */
    Tensor deltaWeight();

    /** True while the update is merged into the base weight. */
    boolean isMerged();

    /**
     * The weight a {@link #merge()} would produce, {@code W + deltaWeight()}, without changing anything.
     *
     * @throws IllegalStateException if already merged, or if the sum would hold NaN or an infinity
     */
    Tensor mergedWeight();

    /**
     * Adds the update to the base weight ({@code W += deltaWeight()}); the forward pass becomes the base
     * layer alone, with the same outputs up to float32 rounding.
     *
     * @throws IllegalStateException as {@link #mergedWeight()}, leaving the weight untouched
     */
    void merge();

    /**
     * Subtracts the update again ({@code W −= deltaWeight()}), restoring the weight up to float32 rounding.
     *
     * @throws IllegalStateException if not merged
     */
    void unmerge();
}
