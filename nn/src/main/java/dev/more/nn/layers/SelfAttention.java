package dev.more.nn.layers;

import dev.more.autograd.Variable;
import dev.more.nn.Module;
import dev.more.tensor.Rng;
import dev.more.tensor.ShapeException;
import dev.more.tensor.Tensor;

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
            throw new IllegalArgumentException("SelfAttention: hidden size " + hidden + " is not a positive multiple of "
                    + heads + " heads");
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
        int batch = shape[0];
        int seq = shape[1];
        Variable q = splitHeads(forwardChild("query", input), batch, seq);
        Variable k = splitHeads(forwardChild("key", input), batch, seq);
        Variable v = splitHeads(forwardChild("value", input), batch, seq);
        // One node for scale, mask and softmax: bit for bit the separate ops, without their two
        // score-sized intermediates.
        Variable scores = q.matmul(k.transpose(-1, -2));
        Variable probs = forwardChild("dropout", scores.scaledMaskedSoftmax((float) (1.0 / Math.sqrt(headDim)), mask));
        return probs.matmul(v).permute(0, 2, 1, 3).reshape(batch, seq, hidden);
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
        return forward(input, AttentionMask.additive(attentionMask, shape[0], shape[1], causal, input.value().device()));
    }

    private Variable splitHeads(Variable x, int batch, int seq) {
        return x.reshape(batch, seq, heads, headDim).permute(0, 2, 1, 3);
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
