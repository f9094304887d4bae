package dev.more.nn.models;

import dev.more.autograd.Variable;
import dev.more.nn.Module;
import dev.more.nn.UnaryModule;
import dev.more.nn.layers.Dropout;
import dev.more.nn.layers.Gelu;
import dev.more.nn.layers.LayerNorm;
import dev.more.nn.layers.Linear;
import dev.more.nn.layers.SelfAttention;
import dev.more.nn.loader.BertConfig;
import dev.more.tensor.Rng;
import dev.more.tensor.SublayerNorm;
import dev.more.tensor.Tensor;

/**
 * One post-LN transformer layer, as Hugging Face's {@code BertLayer}:
 * {@code a = LayerNorm(dropout(dense(selfAttention(x))) + x)}, then
 * {@code LayerNorm(dropout(dense(gelu(dense(a)))) + a)}. Its children carry Hugging Face's names:
 * {@code attention.self.{query,key,value}}, {@code attention.output.{dense,LayerNorm}},
 * {@code intermediate.dense}, {@code output.{dense,LayerNorm}}.
 */
public final class BertLayer extends Module {
    private final Attention attention;
    private final Intermediate intermediate;
    private final Output output;

    /** A layer sized by {@code config}, with dropout {@code dropout} on attention probabilities and sublayer outputs. */
    public BertLayer(BertConfig config, float dropout, Rng rng) {
        this.attention = addModule("attention", new Attention(config, dropout, rng));
        this.intermediate = addModule("intermediate", new Intermediate(config, rng));
        this.output = addModule("output", new Output(config.intermediate(), config, dropout, rng));
    }

    /** The layer applied to {@code hidden} (batch, seq, hidden) with an additive attention {@code mask} (or null). */
    public Variable forward(Variable hidden, Tensor mask) {
        return forward(hidden, mask, false);
    }

    /**
     * {@link #forward(Variable, Tensor)} for a caller that gives {@code hidden} up: in inference the layer may write
     * its output over hidden's storage ({@link SublayerNorm#overwritingInput()}), which must then not be read again.
     * An encoder passes its own intermediate states so.
     */
    public Variable forwardOverwriting(Variable hidden, Tensor mask) {
        return forward(hidden, mask, true);
    }

    private Variable forward(Variable hidden, Tensor mask, boolean overwriteHidden) {
        Variable attended = attention.forward(hidden, mask, overwriteHidden);
        Variable fused = feedForwardSublayer(attended);
        return fused != null ? fused : output.finish(feedForward(attended), attended);
    }

    /**
     * The whole feed-forward sublayer, {@code output.LayerNorm(attended + output.dense(intermediate(attended)))},
     * as one inference op ({@link Linear#feedForwardSublayer}) when the block is plain ({@link #plainDense}),
     * the sublayer's dropout is off and nothing needs a gradient; else null. Its output goes over attended's
     * storage where the device can: attended is this layer's own intermediate.
     */
    private Variable feedForwardSublayer(Variable attended) {
        Linear[] dense = plainDense();
        SublayerNorm<Tensor> norm = dense == null ? null : output.inferenceNorm(attended, true);
        return norm == null ? null : Linear.feedForwardSublayer(attended, dense[0], dense[1], norm);
    }

    /**
     * {@code output.dense(intermediate(attended))}: one op when the block is plain ({@link #plainDense}),
     * which in inference keeps no intermediate (see {@link Linear#feedForward}).
     */
    private Variable feedForward(Variable attended) {
        Linear[] dense = plainDense();
        return dense != null
                ? Linear.feedForward(attended, dense[0], dense[1])
                : output.dense(intermediate.forward(attended));
    }

    /**
     * The block's two dense layers when both are plain {@link Linear}s (no adapter in their place) and the
     * activation is {@link Gelu}; else null.
     */
    private Linear[] plainDense() {
        if (intermediate.module("dense") instanceof Linear first
                && intermediate.module("intermediate_act_fn") instanceof Gelu
                && output.module("dense") instanceof Linear second) {
            return new Linear[] {first, second};
        }
        return null;
    }

    /** {@code attention}: {@code self} (the heads) and {@code output} (projection, residual, LayerNorm). */
    public static final class Attention extends Module {
        private final SelfAttention self;
        private final Output output;

        Attention(BertConfig config, float dropout, Rng rng) {
            this.self = addModule("self", new SelfAttention(config.hidden(), config.heads(), dropout, rng));
            this.output = addModule("output", new Output(config.hidden(), config, dropout, rng));
        }

        /**
         * {@code LayerNorm(dropout(dense(selfAttention(hidden))) + hidden)}; in inference one op when
         * {@link SelfAttention#forwardSublayer} can run it.
         */
        public Variable forward(Variable hidden, Tensor mask) {
            return forward(hidden, mask, false);
        }

        /** {@link #forward(Variable, Tensor)}, the one op's output over hidden's storage when {@code overwriteHidden}. */
        Variable forward(Variable hidden, Tensor mask, boolean overwriteHidden) {
            UnaryModule dense = (UnaryModule) output.module("dense");
            Variable fused = self.forwardSublayer(hidden, mask, dense, output.inferenceNorm(hidden, overwriteHidden));
            return fused != null ? fused : output.finish(self.forwardProjected(hidden, mask, dense), hidden);
        }
    }

    /** {@code intermediate}: {@code gelu(dense(x))}, hidden to intermediate size. */
    public static final class Intermediate extends Module {
        Intermediate(BertConfig config, Rng rng) {
            addModule("dense", new Linear(config.hidden(), config.intermediate(), true, rng));
            addModule("intermediate_act_fn", new Gelu());
        }

        /**
         * {@code gelu(dense(hidden))}; one fused op when {@code dense} is a plain {@link Linear} (not an
         * adapter put in its place) and the activation is {@link Gelu}.
         */
        public Variable forward(Variable hidden) {
            if (module("dense") instanceof Linear dense && module("intermediate_act_fn") instanceof Gelu) {
                return dense.forwardGelu(hidden);
            }
            return forwardChild("intermediate_act_fn", forwardChild("dense", hidden));
        }
    }

    /**
     * A sublayer's output: {@code LayerNorm(dropout(dense(x)) + residual)}, Hugging Face's
     * {@code BertSelfOutput} (from the hidden size) and {@code BertOutput} (from the intermediate size).
     */
    public static final class Output extends Module {
        Output(int inFeatures, BertConfig config, float dropout, Rng rng) {
            addModule("dense", new Linear(inFeatures, config.hidden(), true, rng));
            addModule("LayerNorm", new LayerNorm(config.hidden(), (float) config.layerNormEps()));
            addModule("dropout", new Dropout(dropout, rng.split()));
        }

        /** {@code LayerNorm(dropout(dense(x)) + residual)}. */
        public Variable forward(Variable x, Variable residual) {
            return finish(dense(x), residual);
        }

        /** {@code dense(x)}. */
        Variable dense(Variable x) {
            return forwardChild("dense", x);
        }

        /**
         * The sublayer's norm for a fused inference block ending in it ({@link LayerNorm#sublayerNorm}), writing
         * over the residual (the block's input) when {@code overwriteResidual}: null when dropout is on, the norm
         * is not a {@link LayerNorm} or a gradient is needed.
         */
        SublayerNorm<Tensor> inferenceNorm(Variable residual, boolean overwriteResidual) {
            if (child("dropout", Dropout.class).active() || !(module("LayerNorm") instanceof LayerNorm norm)) {
                return null;
            }
            SublayerNorm<Tensor> sublayer = norm.sublayerNorm(residual);
            return sublayer == null || !overwriteResidual ? sublayer : sublayer.overwritingInput();
        }

        /** {@code LayerNorm(dropout(projected) + residual)}, the sum and the norm in one op. */
        Variable finish(Variable projected, Variable residual) {
            Variable dropped = forwardChild("dropout", projected);
            if (module("LayerNorm") instanceof LayerNorm norm) {
                return norm.forwardResidual(dropped, residual);
            }
            return forwardChild("LayerNorm", dropped.add(residual));
        }
    }
}
