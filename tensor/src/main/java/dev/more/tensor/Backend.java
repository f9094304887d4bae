package dev.more.tensor;

import dev.more.kernels.AttentionShape;
import dev.more.kernels.BinaryOp;
import dev.more.kernels.DropoutSeed;
import dev.more.kernels.MoReShape;
import dev.more.kernels.ReduceOp;
import dev.more.kernels.UnaryOp;
import dev.more.kernels.cpu.DropoutMask;

/**
 * The compute a device offers. {@link Tensor} does all shape work (broadcasting, views, axis moves)
 * and hands each backend operands as storage + {@link Layout}; every method returns new contiguous
 * storage unless it says otherwise. One implementation per device kind.
 */
public interface Backend {
    /** The device this backend runs on. */
    Device device();

    /** Storage holding {@code data}, which the backend may keep (callers hand over ownership). */
    Storage upload(float[] data);

    /** The elements of {@code x} in row-major order, as a new host array. */
    float[] download(Storage x, Layout lx);

    /** Zero-filled storage of {@code length} floats. */
    Storage zeros(int length);

    /** The elements of {@code x} laid out contiguously. */
    Storage copy(Storage x, Layout lx);

    /** Writes {@code src} into the view {@code ldst} of {@code dst} (same shapes); mutates {@code dst}. */
    void copyInto(Storage dst, Layout ldst, Storage src, Layout lsrc);

    /** {@code op} of each element. */
    Storage unary(UnaryOp op, Storage x, Layout lx);

    /** {@code op} of corresponding elements; both layouts have the output's shape. */
    Storage binary(BinaryOp op, Storage a, Layout la, Storage b, Layout lb);

    /** {@code cond != 0 ? a : b}; all layouts have the output's shape. */
    Storage where(Storage cond, Layout lc, Storage a, Layout la, Storage b, Layout lb);

    /**
     * Reduces the last {@code reducedDims} dimensions of {@code lx}; the result has the shape of the
     * leading dimensions.
     */
    Storage reduce(ReduceOp op, Storage x, Layout lx, int reducedDims);

    /**
     * Batched product: {@code la} is (batch..., m, k) and {@code lb} is (batch..., k, n) with the same
     * batch dimensions (stride 0 where broadcast); the result is (batch..., m, n).
     */
    Storage matmul(Storage a, Layout la, Storage b, Layout lb);

    /**
     * A linear layer {@code y = x · wᵀ + bias} over the rows of x (last dimension {@code in}); w is
     * (out, in) and bias (out) or null. One GEMM, with the bias as its starting value.
     */
    Storage linear(Storage x, Layout lx, Storage w, Layout lw, Storage bias);

    /**
     * A linear layer and GELU: {@code {gelu(y), y}} for {@code y = x · wᵀ + bias} (see {@link #linear}),
     * y null unless {@code keepPreActivation} (GELU's backward needs it). This default runs the two ops;
     * a backend may fuse them, with the same rounding.
     */
    default Storage[] linearGelu(Storage x, Layout lx, Storage w, Layout lw, Storage bias, boolean keepPreActivation) {
        Storage y = linear(x, lx, w, lw, bias);
        int rows = lx.numel() / lw.dim(1);
        Storage out = unary(UnaryOp.GELU, y, Layout.contiguous(rows, lw.dim(0)));
        return new Storage[] {out, keepPreActivation ? y : null};
    }

    /** Softmax (or log-softmax) over the last dimension. */
    Storage softmax(Storage x, Layout lx, boolean log);

    /**
     * GELU's backward, {@code dy · GELU'(x)}; both layouts have the output's shape. This default composes the
     * primitive ops; a backend may fuse them, with the same rounding.
     */
    default Storage geluBackward(Storage x, Layout lx, Storage dy, Layout ldy) {
        Storage derivative = unary(UnaryOp.GELU_DERIVATIVE, x, lx);
        return binary(BinaryOp.MUL, dy, ldy, derivative, Layout.contiguous(lx.shape()));
    }

    /**
     * Inverted dropout of x: each element times the {@link DropoutMask} element of its index (in x's
     * shape, row-major) for {@code seed}, {@code p} and {@code scale}. This default makes the mask and
     * multiplies; a backend may fuse the two, with the same rounding.
     */
    default Storage dropout(Storage x, Layout lx, int seed, float p, float scale) {
        float[] mask = new float[lx.numel()];
        DropoutMask.fill(mask, seed, p, scale);
        return binary(BinaryOp.MUL, x, lx, upload(mask), Layout.contiguous(lx.shape()));
    }

    /**
     * Attention's softmax over the last dimension, {@code softmax(x · scale + mask)}; {@code lmask} has
     * x's shape (stride 0 where the mask broadcasts), or {@code mask} is null for none. This default
     * composes the primitive ops; a backend may fuse them, with the same rounding.
     */
    default Storage scaledMaskedSoftmax(Storage x, Layout lx, float scale, Storage mask, Layout lmask) {
        Layout contiguous = Layout.contiguous(lx.shape());
        Storage logits = times(x, lx, scale);
        if (mask != null) {
            logits = binary(BinaryOp.ADD, logits, contiguous, mask, lmask);
        }
        return softmax(logits, contiguous, false);
    }

    /**
     * The gradient of {@link #scaledMaskedSoftmax} with respect to x, from its output {@code y} and
     * {@code dy}: the softmax gradient times {@code scale}.
     */
    default Storage scaledSoftmaxBackward(Storage y, Layout ly, Storage dy, Layout ldy, float scale) {
        return times(softmaxBackward(y, ly, dy, ldy, false), Layout.contiguous(ly.shape()), scale);
    }

    /**
     * Multi-head attention over (batch, seq, hidden) q, k and v: {@code {context, probs}}, the context
     * contiguous (batch, seq, hidden) and the softmax output before dropout, contiguous (batch, heads,
     * seq, seq), when {@code keepProbs} (else null). {@code lmask} has the probabilities' shape (stride 0
     * where the mask broadcasts), or {@code mask} is null for none. This default composes the primitive
     * ops; a backend may fuse them, with the same rounding.
     */
    default Storage[] attention(
            AttentionShape s,
            Storage q,
            Layout lq,
            Storage k,
            Layout lk,
            Storage v,
            Layout lv,
            float scale,
            Storage mask,
            Layout lmask,
            DropoutSeed dropout,
            boolean keepProbs) {
        Layout heads = headsOf(s);
        Layout probsLayout = Layout.contiguous(s.batch(), s.heads(), s.seq(), s.seq());
        Storage scores = matmul(tokens(q, lq), heads, tokens(k, lk), heads.permute(0, 1, 3, 2));
        Storage probs = scaledMaskedSoftmax(scores, probsLayout, scale, mask, lmask);
        Storage used = dropout.active()
                ? dropout(probs, probsLayout, dropout.seed(), dropout.p(), dropout.keepScale())
                : probs;
        Storage context = mergeHeads(s, matmul(used, probsLayout, tokens(v, lv), heads));
        return new Storage[] {context, keepProbs ? probs : null};
    }

    /**
     * The gradients of {@link #attention} given the context's gradient: {@code {dq, dk, dv}}, contiguous
     * (batch, seq, hidden), each null unless asked for. {@code probs} is the forward's. This default
     * composes the primitive ops.
     */
    default Storage[] attentionBackward(
            AttentionShape s,
            Storage q,
            Layout lq,
            Storage k,
            Layout lk,
            Storage v,
            Layout lv,
            Storage probs,
            float scale,
            DropoutSeed dropout,
            Storage dContext,
            Layout ldc,
            boolean needDq,
            boolean needDk,
            boolean needDv) {
        Layout heads = headsOf(s);
        Layout probsLayout = Layout.contiguous(s.batch(), s.heads(), s.seq(), s.seq());
        Layout transposed = probsLayout.permute(0, 1, 3, 2);
        Storage dc = tokens(dContext, ldc);
        Storage dv = null;
        if (needDv) {
            Storage used = dropout.active()
                    ? dropout(probs, probsLayout, dropout.seed(), dropout.p(), dropout.keepScale())
                    : probs;
            dv = mergeHeads(s, matmul(used, transposed, dc, heads));
        }
        if (!needDq && !needDk) {
            return new Storage[] {null, null, dv};
        }
        Storage dUsed = matmul(dc, heads, tokens(v, lv), heads.permute(0, 1, 3, 2));
        Storage dProbs = dropout.active()
                ? dropout(dUsed, probsLayout, dropout.seed(), dropout.p(), dropout.keepScale())
                : dUsed;
        Storage dScores = scaledSoftmaxBackward(probs, probsLayout, dProbs, probsLayout, scale);
        Storage dq = needDq ? mergeHeads(s, matmul(dScores, probsLayout, tokens(k, lk), heads)) : null;
        Storage dk = needDk ? mergeHeads(s, matmul(dScores, transposed, tokens(q, lq), heads)) : null;
        return new Storage[] {dq, dk, dv};
    }

    /**
     * A self-attention block for inference: the output projection of multi-head attention (no dropout, no
     * probabilities kept) over the query, key and value projections of x (batch, seq, hidden); contiguous
     * (batch, seq, hidden). Biases are contiguous or null. With {@code norm} (else null), the block's output
     * is then {@code layerNorm(block + x)}. This default composes {@link #linear}, {@link #attention} and
     * {@link #addLayerNorm}; a backend may keep the intermediates in buffers it reuses, with the same rounding.
     */
    default Storage attentionBlock(
            AttentionShape s,
            Storage x,
            Layout lx,
            AttentionProjections<Storage> w,
            AttentionProjections<Layout> lw,
            float scale,
            Storage mask,
            Layout lmask,
            SublayerNorm<Storage> norm) {
        Layout tokens = Layout.contiguous(s.batch(), s.seq(), s.hidden());
        Storage q = linear(x, lx, w.query(), lw.query(), w.queryBias());
        Storage k = linear(x, lx, w.key(), lw.key(), w.keyBias());
        Storage v = linear(x, lx, w.value(), lw.value(), w.valueBias());
        Storage context = attention(s, q, tokens, k, tokens, v, tokens, scale, mask, lmask, DropoutSeed.NONE, false)[0];
        return SublayerNorm.residual(
                this, linear(context, tokens, w.output(), lw.output(), w.outputBias()), x, lx, norm);
    }

    /** A (batch, seq, hidden) operand as contiguous storage from offset 0. */
    private Storage tokens(Storage x, Layout lx) {
        return lx.isContiguous() && lx.offset() == 0 ? x : copy(x, lx);
    }

    /** Contiguous (batch, seq, hidden) storage seen as (batch, heads, seq, headDim). */
    private static Layout headsOf(AttentionShape s) {
        return Layout.contiguous(s.batch(), s.seq(), s.heads(), s.headDim()).permute(0, 2, 1, 3);
    }

    /** Contiguous (batch, heads, seq, headDim) storage copied to contiguous (batch, seq, hidden). */
    private Storage mergeHeads(AttentionShape s, Storage perHead) {
        return copy(
                perHead,
                Layout.contiguous(s.batch(), s.heads(), s.seq(), s.headDim()).permute(0, 2, 1, 3));
    }

    /** {@code x · factor}, the product {@code Tensor.mul(float)} makes. */
    private Storage times(Storage x, Layout lx, float factor) {
        return binary(
                BinaryOp.MUL,
                x,
                lx,
                upload(new float[] {factor}),
                Layout.contiguous().expand(lx.shape()));
    }

    /**
     * Layer norm over the last dimension, with optional {@code gamma} and {@code beta} (contiguous,
     * one per element of the last dimension; null to skip).
     */
    Storage layerNorm(Storage x, Layout lx, Storage gamma, Storage beta, float eps);

    /**
     * A transformer's feed-forward block for inference, {@code gelu(x · w1ᵀ + b1) · w2ᵀ + b2} (biases may be
     * null), whose intermediate is not kept; with {@code norm} (else null), {@code layerNorm(block + x)}. This
     * default runs {@link #linearGelu}, {@link #linear} and {@link #addLayerNorm}; a backend may hold the
     * intermediates in buffers it reuses, with the same rounding.
     */
    default Storage feedForward(
            Storage x,
            Layout lx,
            Storage w1,
            Layout lw1,
            Storage b1,
            Storage w2,
            Layout lw2,
            Storage b2,
            SublayerNorm<Storage> norm) {
        Storage hidden = linearGelu(x, lx, w1, lw1, b1, false)[0];
        int rows = lx.numel() / lw1.dim(1);
        return SublayerNorm.residual(
                this, linear(hidden, Layout.contiguous(rows, lw1.dim(0)), w2, lw2, b2), x, lx, norm);
    }

    /**
     * Layer norm of a residual sum: {@code {layerNorm(x + residual), x + residual}}, the sum null unless
     * {@code keepSum} (the backward pass needs it); x and the residual have one shape. This default runs
     * the two ops; a backend may fuse them, with the same rounding.
     */
    default Storage[] addLayerNorm(
            Storage x,
            Layout lx,
            Storage residual,
            Layout lr,
            Storage gamma,
            Storage beta,
            float eps,
            boolean keepSum) {
        Storage sum = binary(BinaryOp.ADD, x, lx, residual, lr);
        Storage out = layerNorm(sum, Layout.contiguous(lx.shape()), gamma, beta, eps);
        return new Storage[] {out, keepSum ? sum : null};
    }

    /**
     * {@code layerNorm(x + residual)}, which may be written over the residual's storage: the caller gives the
     * residual up (see {@link SublayerNorm}). This default returns new storage, as {@link #addLayerNorm} does.
     */
    default Storage addLayerNormOverwriting(
            Storage x, Layout lx, Storage residual, Layout lr, Storage gamma, Storage beta, float eps) {
        return addLayerNorm(x, lx, residual, lr, gamma, beta, eps, false)[0];
    }

    /** The gradient of {@link #softmax} over the last dimension, from its output {@code y} and {@code dy}. */
    Storage softmaxBackward(Storage y, Layout ly, Storage dy, Layout ldy, boolean log);

    /**
     * The gradients of {@link #layerNorm} given {@code dy}: {@code {dx, dgamma, dbeta}}, dgamma only
     * when {@code gamma} is given and dbeta only when {@code withBeta}.
     */
    Storage[] layerNormBackward(
            Storage x, Layout lx, Storage gamma, float eps, Storage dy, Layout ldy, boolean withBeta);

    /** Rows {@code indices} of {@code lx} seen as (rows, rest...): the result is (indices.length, rest...). */
    Storage indexSelect(Storage x, Layout lx, int[] indices);

    /**
     * Row i is the sum over tables t, in order, of row {@code rows[t][i]} of table t (each contiguous from offset 0,
     * rows of n): {@link RowLookups#sum}. This default looks each table up and adds, as that op's bits are defined.
     */
    default Storage sumOfGatheredRows(Storage[] tables, int[][] rows, int n) {
        Layout out = Layout.contiguous(rows[0].length, n);
        Storage sum = indexSelect(tables[0], Layout.contiguous(tables[0].length() / n, n), rows[0]);
        for (int t = 1; t < tables.length; t++) {
            Storage next = indexSelect(tables[t], Layout.contiguous(tables[t].length() / n, n), rows[t]);
            sum = binary(BinaryOp.ADD, sum, out, next, out);
        }
        return sum;
    }

    /**
     * The backward of {@link #indexSelect}: a zero tensor of {@code rows} rows, with row
     * {@code indices[i]} of it accumulating row i of {@code src}.
     */
    Storage indexAdd(Storage src, Layout lsrc, int[] indices, int rows);

    /**
     * {@code out[..., i, ...] = x[..., index[..., i, ...], ...]} along dimension {@code dim}
     * ({@code lindex} has the output's shape; index values are whole numbers stored as floats).
     */
    Storage gather(Storage x, Layout lx, int dim, Storage index, Layout lindex);

    /** The backward of {@link #gather}: zeros of {@code shape} with {@code src} added at the gathered places. */
    Storage scatterAdd(Storage src, Layout lsrc, int dim, Storage index, Layout lindex, int[] shape);

    /**
     * The MoRe adapter product of the rows of {@code x} (its last dimension is {@code s.in()}) with
     * contiguous factors {@code w1} (blocks, blkR, inBlk) and {@code w2} (blocks, outBlk, blkR); the
     * result has x's leading dimensions and {@code s.out()} columns. When {@code middle} is not null it
     * receives each row's intermediate (rows × blocks·blkR) for {@link #moreBackward}.
     */
    Storage moreForward(MoReShape s, Storage x, Layout lx, Storage w1, Storage w2, Storage middle);

    /**
     * The gradients of {@link #moreForward} given {@code dOut}: {@code {dx, dw1, dw2}}, with dx null
     * unless {@code needDx}. {@code middle} is the forward's intermediate, or null to recompute it.
     */
    Storage[] moreBackward(
            MoReShape s,
            Storage x,
            Layout lx,
            Storage w1,
            Storage w2,
            Storage middle,
            Storage dOut,
            Layout lDOut,
            boolean needDx);

    /**
     * One AdamW step over {@code n} contiguous elements of each operand (see
     * {@link OptimizerOps#adamW}): {@code {p, m, v}} updated, as new storage.
     */
    Storage[] adamW(Storage p, Storage g, Storage m, Storage v, int n, AdamWStep step);
}
