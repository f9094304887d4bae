package dev.more.nn.models;

import dev.more.autograd.Variable;
import dev.more.nn.Module;
import dev.more.nn.layers.Linear;
import dev.more.tensor.Rng;

/** Hugging Face's {@code BertPooler}: {@code tanh(dense(h[:, 0]))}, the [CLS] token's state projected. */
public final class BertPooler extends Module {
    /** A pooler over {@code hidden}-sized states. */
    public BertPooler(int hidden, Rng rng) {
        addModule("dense", new Linear(hidden, hidden, true, rng));
    }

    /** The pooled output (batch, hidden) of {@code lastHidden} (batch, seq, hidden). */
    public Variable forward(Variable lastHidden) {
        return forwardChild("dense", Pooling.cls(lastHidden)).tanh();
    }
}
