package dev.more.nn.models;

import dev.more.autograd.Variable;
import dev.more.nn.Module;
import dev.more.nn.layers.Dropout;
import dev.more.nn.layers.Gelu;
import dev.more.nn.layers.LayerNorm;
import dev.more.nn.layers.Linear;
import dev.more.nn.layers.SelfAttention;
import dev.more.tensor.Rng;
import dev.more.tensor.Tensor;

/**
 * One pre-LN decoder block, as GPT-2's: {@code x + dropout(attn_proj(attn(ln_1(x))))}, then
 * {@code x + mlp(ln_2(x))} with {@code mlp = dropout(c_proj(gelu(c_fc(x))))}. Attention uses
 * separate {@code query}, {@code key} and {@code value} projections (GPT-2 fuses them in one
 * {@code c_attn}) and the exact GELU (GPT-2 uses the tanh approximation).
 */
public final class GptBlock extends Module {
    private final SelfAttention attention;
    private final Mlp mlp;

    /** A block sized by {@code config}. */
    public GptBlock(GptConfig config, Rng rng) {
        addModule("ln_1", new LayerNorm(config.hidden(), config.layerNormEps()));
        this.attention = addModule("attn", new SelfAttention(config.hidden(), config.heads(), config.dropout(), rng));
        addModule("attn_proj", new Linear(config.hidden(), config.hidden(), true, rng));
        addModule("attn_dropout", new Dropout(config.dropout(), rng.split()));
        addModule("ln_2", new LayerNorm(config.hidden(), config.layerNormEps()));
        this.mlp = addModule("mlp", new Mlp(config, rng));
    }

    /** The block applied to {@code x} (batch, seq, hidden) with the additive (causal) attention {@code mask}. */
    public Variable forward(Variable x, Tensor mask) {
        Variable attended = attention.forward(forwardChild("ln_1", x), mask);
        Variable h = x.add(forwardChild("attn_dropout", forwardChild("attn_proj", attended)));
        return h.add(mlp.forward(forwardChild("ln_2", h)));
    }

    /** The feed-forward sublayer: {@code c_fc} (hidden to 4·hidden), GELU, {@code c_proj}, dropout. */
    public static final class Mlp extends Module {
        Mlp(GptConfig config, Rng rng) {
            addModule("c_fc", new Linear(config.hidden(), config.intermediate(), true, rng));
            addModule("act", new Gelu());
            addModule("c_proj", new Linear(config.intermediate(), config.hidden(), true, rng));
            addModule("dropout", new Dropout(config.dropout(), rng.split()));
        }

        /** {@code dropout(c_proj(gelu(c_fc(x))))}. */
        public Variable forward(Variable x) {
            return forwardChild("dropout", forwardChild("c_proj", forwardChild("act", forwardChild("c_fc", x))));
        }
    }
}
