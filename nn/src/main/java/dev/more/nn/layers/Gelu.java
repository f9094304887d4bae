package dev.more.nn.layers;

import dev.more.autograd.Variable;
import dev.more.nn.Module;
import dev.more.nn.UnaryModule;

/**
 * GELU in its exact form {@code x * Φ(x) = x/2 * (1 + erf(x/√2))}, as {@code torch.nn.GELU()} and
 * Hugging Face's {@code "gelu"} activation (BERT's), not the tanh approximation.
 */
public final class Gelu extends Module implements UnaryModule {
    /** The activation. */
    public Gelu() {}

    @Override
    public Variable forward(Variable input) {
        return input.gelu();
    }
}
