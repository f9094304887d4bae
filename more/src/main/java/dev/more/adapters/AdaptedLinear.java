package dev.more.adapters;

import dev.more.nn.Module;
import dev.more.nn.layers.Linear;
import dev.more.tensor.Tensor;
import java.util.Objects;

/**
 * What every {@link AdapterLayer} shares: the frozen base layer, registered under this module's
 * {@code weight} and {@code bias} so that state dicts keep Hugging Face names, and merging the
 * adapter's {@link #deltaWeight()} into that weight and out again.
 */
abstract sealed class AdaptedLinear extends Module implements AdapterLayer permits MoReLinear, LoraLinear {
    private final Linear base;
    private boolean merged;

    AdaptedLinear(Linear base) {
        this.base = Objects.requireNonNull(base, "base");
        addParameter("weight", base.weight());
        if (base.bias() != null) {
            addParameter("bias", base.bias());
        }
    }

    /** A short description for messages, e.g. {@code LoraLinear(384 -> 384, r=8)}. */
    abstract String describe();

    @Override
    public final Linear base() {
        return base;
    }

    @Override
    public final boolean isMerged() {
        return merged;
    }

    @Override
    public final Tensor mergedWeight() {
        if (merged) {
            throw new IllegalStateException(describe() + " is already merged");
        }
        return WeightMerge.combine(base.weight().value(), deltaWeight(), 1, describe());
    }

    @Override
    public final void merge() {
        base.weight().setValue(mergedWeight());
        merged = true;
    }

    @Override
    public final void unmerge() {
        if (!merged) {
            throw new IllegalStateException(describe() + " is not merged");
        }
        base.weight().setValue(WeightMerge.combine(base.weight().value(), deltaWeight(), -1, describe()));
        merged = false;
    }

    @Override
    public String toString() {
        return describe() + (merged ? ", merged" : "");
    }
}
