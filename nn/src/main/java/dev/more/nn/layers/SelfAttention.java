package dev.more.nn.layers;

import dev.more.autograd.Variable;
import dev.more.nn.Module;
import dev.more.nn.Parameter;
import dev.more.nn.UnaryModule;
import dev.more.tensor.AttentionOps;
import dev.more.tensor.AttentionProjections;
import dev.more.tensor.Rng;
import dev.more.tensor.ShapeException;
import dev.more.tensor.SublayerNorm;
import dev.more.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Multi-head scaled dot-product self-attention, as Hugging Face's {@code BertSelfAttention}: linear
 * {@code query}, {@code key} and {@code value} projections (hidden to hidden, with bias), heads of
 * size {@code hidden / heads}, scores scaled by {@code 1/sqrt(headDim)}, an additive mask (see
 * {@link AttentionMask}), softmax over keys, {@code dropout} on the probabilities, and the heads'
 * contexts concatenated back to (batch, seq, hidden). The output projection belongs to the caller
 * (BERT's {@code attention.output.dense}).
 */
public final class SelfAttention extends Module {
    private final int hidden;
    private final int heads;
    private final int headDim;

    /** Attention over {@code hidden}-sized vectors with {@code heads} heads and probability dropout {@code dropout}. */
    public SelfAttention(int hidden, int heads, float dropout, Rng rng) {
        if (heads <= 0 || hidden <= 0 || hidden % heads != 0) {
            throw new IllegalArgumentException(
                    "SelfAttention: hidden size " + hidden + " is not a positive multiple of " + heads + " heads");
        }
        this.hidden = hidden;
        this.heads = heads;
        this.headDim = hidden / heads;
        addModule("query", new Linear(hidden, hidden, true, rng));
        addModule("key", new Linear(hidden, hidden, true, rng));
        addModule("value", new Linear(hidden, hidden, true, rng));
        addModule("dropout", new Dropout(dropout, rng.split()));
    }

    /**
     * The attention context for {@code input} of shape (batch, seq, hidden), with an additive
     * {@code mask} that broadcasts to (batch, heads, seq, seq), or null for none.
     */
    public Variable forward(Variable input, Tensor mask) {
        int[] shape = input.shape();
        if (shape.length != 3 || shape[2] != hidden) {
            throw new ShapeException("SelfAttention", shape, "input must be (batch, seq, " + hidden + ")");
        }
        // One node for the products, scale, mask, softmax, dropout and the heads' merge: bit for bit the
        // separate ops, without their (batch, heads, seq, seq) intermediates.
        return forwardChild("query", input)
                .attention(
                        forwardChild("key", input),
                        forwardChild("value", input),
                        heads,
                        scale(),
                        mask,
                        child("dropout", Dropout.class).nextMask());
    }

    /**
     * {@code output.forward(forward(input, mask))}, with {@code output} the block's output projection (BERT's
     * {@code attention.output.dense}). When nothing needs a gradient, dropout is off and all four projections
     * are plain {@link Linear}s (no adapter in their place), this is one op whose projections and context
     * live in buffers the CPU reuses ({@link AttentionOps#block}); the values are the same.
     */
    public Variable forwardProjected(Variable input, Tensor mask, UnaryModule output) {
        Variable block = inferenceBlock(input, mask, output, null);
        return block != null ? block : output.forward(forward(input, mask));
    }

    /**
     * A post-LN sublayer's whole inference work, {@code layerNorm(input + output.forward(forward(input, mask)))}
     * by {@code norm}, as one op when {@link #forwardProjected} would be one ({@link AttentionOps#block} with
     * the norm: the projection's output then lives in a reused buffer too); null when it would not, or when
     * {@code norm} is null, and the caller runs the steps.
     */
    public Variable forwardSublayer(Variable input, Tensor mask, UnaryModule output, SublayerNorm<Tensor> norm) {
        return norm == null ? null : inferenceBlock(input, mask, output, norm);
    }

    /**
     * The block as one inference op ({@link AttentionOps#block}, ending in {@code norm} unless it is null) when
     * nothing needs a gradient, dropout is off, all four projections are plain {@link Linear}s and the input
     * is (batch, seq, hidden); else null.
     */
    private Variable inferenceBlock(Variable input, Tensor mask, UnaryModule output, SublayerNorm<Tensor> norm) {
        if (output instanceof Linear out
                && module("query") instanceof Linear q
                && module("key") instanceof Linear k
                && module("value") instanceof Linear v
                && !child("dropout", Dropout.class).active()
                && input.shape().length == 3
                && input.shape()[2] == hidden
                && !needsGradient(input, q, k, v, out)) {
            AttentionProjections<Tensor> w = new AttentionProjections<>(
                    value(q.weight()),
                    value(q.bias()),
                    value(k.weight()),
                    value(k.bias()),
                    value(v.weight()),
                    value(v.bias()),
                    value(out.weight()),
                    value(out.bias()));
            return Variable.constant(AttentionOps.block(heads, input.value(), w, scale(), mask, norm));
        }
        return null;
    }

    /** The attention scores' scale, 1/√headDim. */
    private float scale() {
        return (float) (1.0 / Math.sqrt(headDim));
    }

    /** True when an op on {@code input} and these layers' parameters would be recorded for a backward pass. */
    private static boolean needsGradient(Variable input, Linear... layers) {
        List<Variable> operands = new ArrayList<>(List.of(input));
        for (Linear layer : layers) {
            operands.add(layer.weight().variable());
            operands.add(layer.bias() == null ? null : layer.bias().variable());
        }
        return Variable.recorded(operands.toArray(Variable[]::new));
    }

    /** What a forward pass computes with: the substitute during {@code Module#functionalCall}, else the value. */
    private static Tensor value(Parameter p) {
        return p == null ? null : p.variable().value();
    }

    /**
     * The context with a padding mask from {@code attentionMask} (batch, seq) of 1/0, or null for
     * none, and with a causal mask when {@code causal}.
     */
    public Variable forward(Variable input, int[][] attentionMask, boolean causal) {
        int[] shape = input.shape();
        if (shape.length != 3) {
            throw new ShapeException("SelfAttention", shape, "input must be (batch, seq, " + hidden + ")");
        }
        return forward(
                input,
                AttentionMask.additive(
                        attentionMask, shape[0], shape[1], causal, input.value().device()));
    }

    /** The number of heads. */
    public int heads() {
        return heads;
    }

    /** The hidden size. */
    public int hidden() {
        return hidden;
    }
}
