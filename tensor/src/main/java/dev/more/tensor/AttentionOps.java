package dev.more.tensor;

import dev.more.kernels.AttentionShape;
import dev.more.kernels.DropoutSeed;
import java.util.Arrays;

/**
 * Multi-head scaled dot-product attention on tensors, one op for what is otherwise a product, a softmax,
 * a dropout, a second product and a permute: shape checks, then the device's kernel (on the CPU, one
 * (sequence, head) pair at a time with the scores in cache; the results are the unfused ops' bits). The
 * autograd layer wraps {@link #forward} and {@link #backward} as one graph node.
 */
public final class AttentionOps {
    private AttentionOps() {}

    /**
     * The attention context and (when kept) the probabilities the backward pass reuses.
     *
     * @param context (batch, seq, hidden), the heads' contexts side by side
     * @param probs the softmax output before dropout, (batch, heads, seq, seq), or null when not kept
     */
    public record Forward(Tensor context, Tensor probs) {}

    /**
     * Gradients of the attention, each (batch, seq, hidden) or null when not asked for.
     *
     * @param dq gradient for the queries
     * @param dk gradient for the keys
     * @param dv gradient for the values
     */
    public record Gradients(Tensor dq, Tensor dk, Tensor dv) {}

    /**
     * {@code dropout(softmax(q·kᵀ·scale + mask))·v} per head, for q, k and v of shape (batch, seq, hidden)
     * split into {@code heads} heads of {@code hidden / heads} features, with an additive {@code mask}
     * that broadcasts to (batch, heads, seq, seq) (or null); keeps the probabilities when {@code keepProbs}.
     */
    public static Forward forward(
            int heads, Tensor q, Tensor k, Tensor v, float scale, Tensor mask, DropoutSeed dropout, boolean keepProbs) {
        AttentionShape s = shapeOf(heads, q, k, v);
        int[] probsShape = {s.batch(), s.heads(), s.seq(), s.seq()};
        Storage[] out = q.storage()
                .backend()
                .attention(
                        s,
                        q.storage(),
                        q.layout(),
                        k.storage(),
                        k.layout(),
                        v.storage(),
                        v.layout(),
                        scale,
                        mask == null ? null : mask.storage(),
                        maskLayout(s, q, mask),
                        dropout,
                        keepProbs);
        return new Forward(
                new Tensor(out[0], Layout.contiguous(q.shape())),
                out[1] == null ? null : new Tensor(out[1], Layout.contiguous(probsShape)));
    }

    /**
     * A self-attention block for inference: {@code output(attention(query(x), key(x), value(x)))} with the
     * four linear layers of {@code w} (weights (hidden, hidden), biases (hidden) or null), {@code heads}
     * heads, no dropout, and nothing kept for a backward pass: the projections and the context live in
     * buffers the CPU reuses. The bits of the separate linear layers and {@link #forward}.
     */
    public static Tensor block(int heads, Tensor x, AttentionProjections<Tensor> w, float scale, Tensor mask) {
        return block(heads, x, w, scale, mask, null);
    }

    /**
     * {@link #block(int, Tensor, AttentionProjections, float, Tensor)} then, with {@code norm} (else null),
     * the post-LN sublayer's end {@code layerNorm(block + x)}, the bits of {@link Tensor#addLayerNorm}: the
     * block's own output then lives in a buffer the CPU reuses too.
     */
    public static Tensor block(
            int heads, Tensor x, AttentionProjections<Tensor> w, float scale, Tensor mask, SublayerNorm<Tensor> norm) {
        AttentionShape s = shapeOf(heads, x, x, x);
        int hidden = s.hidden();
        for (Tensor weight : new Tensor[] {w.query(), w.key(), w.value(), w.output()}) {
            if (weight.rank() != 2 || weight.size(0) != hidden || weight.size(1) != hidden) {
                throw new ShapeException(
                        "attention block",
                        x.shape(),
                        weight.shape(),
                        "each weight must be (" + hidden + ", " + hidden + ")");
            }
            if (!weight.device().equals(x.device())) {
                throw new IllegalArgumentException(
                        "attention block: a weight is on " + weight.device() + ", x on " + x.device());
            }
        }
        for (Tensor bias : new Tensor[] {w.queryBias(), w.keyBias(), w.valueBias(), w.outputBias()}) {
            if (bias != null && (bias.rank() != 1 || bias.size(0) != hidden)) {
                throw new ShapeException(
                        "attention block", x.shape(), bias.shape(), "each bias must have shape [" + hidden + "]");
            }
        }
        if (norm != null) {
            x.checkNormParameters("attention block", norm.gamma(), norm.beta());
        }
        // Weights go as views (any strides); biases as storage from offset 0, as linear layers take them.
        AttentionProjections<Storage> storages = w.map(t -> t.rank() == 1 ? t.contiguousStorage() : t.storage());
        Storage out = x.storage()
                .backend()
                .attentionBlock(
                        s,
                        x.storage(),
                        x.layout(),
                        storages,
                        w.map(Tensor::layout),
                        scale,
                        mask == null ? null : mask.storage(),
                        maskLayout(s, x, mask),
                        norm == null ? null : norm.map(Tensor::contiguousStorage));
        return new Tensor(out, Layout.contiguous(x.shape()));
    }

    /** The mask's layout expanded to (batch, heads, seq, seq), after checking it; null without a mask. */
    private static Layout maskLayout(AttentionShape s, Tensor q, Tensor mask) {
        if (mask == null) {
            return null;
        }
        int[] probsShape = {s.batch(), s.heads(), s.seq(), s.seq()};
        if (!mask.device().equals(q.device())) {
            throw new IllegalArgumentException("attention: the mask is on " + mask.device() + ", q on " + q.device());
        }
        if (!Arrays.equals(Shapes.broadcast("attention", probsShape, mask.shape()), probsShape)) {
            throw new ShapeException(
                    "attention", probsShape, mask.shape(), "the mask must broadcast to (batch, heads, seq, seq)");
        }
        return mask.layout().expand(probsShape);
    }

    /**
     * The gradients given {@code dContext} (shaped like the context) and the forward's {@code probs}, for
     * the operands whose flag is set.
     */
    public static Gradients backward(
            int heads,
            Tensor q,
            Tensor k,
            Tensor v,
            Tensor probs,
            float scale,
            DropoutSeed dropout,
            Tensor dContext,
            boolean needDq,
            boolean needDk,
            boolean needDv) {
        AttentionShape s = shapeOf(heads, q, k, v);
        int[] probsShape = {s.batch(), s.heads(), s.seq(), s.seq()};
        if (!Arrays.equals(probs.shape(), probsShape)) {
            throw new ShapeException(
                    "attention backward", probs.shape(), probsShape, "probabilities must be (batch, heads, seq, seq)");
        }
        if (!Arrays.equals(dContext.shape(), q.shape())) {
            throw new ShapeException(
                    "attention backward",
                    dContext.shape(),
                    q.shape(),
                    "the context's gradient must have the context's shape");
        }
        Storage[] g = q.storage()
                .backend()
                .attentionBackward(
                        s,
                        q.storage(),
                        q.layout(),
                        k.storage(),
                        k.layout(),
                        v.storage(),
                        v.layout(),
                        probs.contiguous().storage(),
                        scale,
                        dropout,
                        dContext.storage(),
                        dContext.layout(),
                        needDq,
                        needDk,
                        needDv);
        return new Gradients(tokens(g[0], q), tokens(g[1], q), tokens(g[2], q));
    }

    private static Tensor tokens(Storage g, Tensor like) {
        return g == null ? null : new Tensor(g, Layout.contiguous(like.shape()));
    }

    private static AttentionShape shapeOf(int heads, Tensor q, Tensor k, Tensor v) {
        if (q.rank() != 3) {
            throw new ShapeException("attention", q.shape(), "q must be (batch, seq, hidden)");
        }
        if (!Arrays.equals(q.shape(), k.shape()) || !Arrays.equals(q.shape(), v.shape())) {
            throw new ShapeException(
                    "attention",
                    q.shape(),
                    Arrays.equals(q.shape(), k.shape()) ? v.shape() : k.shape(),
                    "q, k and v must have one shape");
        }
        int hidden = q.size(2);
        if (heads < 1 || hidden % heads != 0) {
            throw new ShapeException(
                    "attention", q.shape(), "hidden size " + hidden + " is not a multiple of " + heads + " heads");
        }
        if (!q.device().equals(k.device()) || !q.device().equals(v.device())) {
            throw new IllegalArgumentException("attention: q, k and v must be on one device");
        }
        return new AttentionShape(q.size(0), heads, q.size(1), hidden / heads);
    }
}
