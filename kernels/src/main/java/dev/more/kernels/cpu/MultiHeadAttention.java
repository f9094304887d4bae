package dev.more.kernels.cpu;

import dev.more.kernels.AttentionShape;
import dev.more.kernels.DropoutSeed;

/**
 * Multi-head scaled dot-product attention, one (sequence, head) pair at a time:
 * {@code context = dropout(softmax(q·kᵀ·scale + mask))·v}, with each pair's seq×seq scores kept in a
 * per-thread buffer while it is in cache. Unfused, the same work writes and reads back four
 * (batch, heads, seq, seq) tensors (scores, probabilities, dropped probabilities, the per-head context)
 * and copies the heads back together; for a BERT batch of 32 × 128 tokens each is 25 MB.
 *
 * <p>Every step is the engine's own kernel on the pair's slice: {@link Gemm#matmul} for the products,
 * the softmax rows of {@link Softmax#scaledMaskedRows}, the mask elements of {@link DropoutMask} at
 * the slice's place in the whole (batch, heads, seq, seq) tensor. So the results equal the unfused ops
 * (matmul, scaled masked softmax, dropout, matmul, permute) bit for bit, and the vector or scalar paths
 * follow {@link Simd}. The pairs are shared out over {@link Parallel}'s threads; a pair's products then
 * run on its thread.
 */
public final class MultiHeadAttention {
    private static final ThreadScratch SCORES = new ThreadScratch();

    private MultiHeadAttention() {}

    /**
     * The attention context, contiguous (batch, seq, hidden), heads side by side.
     *
     * @param mask additive mask values, or null for none
     * @param maskRows where score row {@code (b·heads + h)·seq + i}'s mask starts in {@code mask}
     * @param dropout the mask over the (batch, heads, seq, seq) probabilities
     * @param probs receives the softmax output before dropout, (batch, heads, seq, seq), for the backward
     *              pass; null when not needed
     */
    public static void forward(
            AttentionShape s,
            TokenRows q,
            TokenRows k,
            TokenRows v,
            float scale,
            float[] mask,
            int[] maskRows,
            DropoutSeed dropout,
            float[] probs,
            float[] context) {
        boolean simd = Simd.enabled();
        int seq = s.seq();
        int ss = seq * seq;
        Parallel.forRange(s.batch() * s.heads(), 1, (from, to) -> {
            float[] work = SCORES.take(2 * ss);
            try {
                for (int pair = from; pair < to; pair++) {
                    int b = pair / s.heads();
                    int h = pair % s.heads();
                    float[] pr = probs != null ? probs : work;
                    int po = probs != null ? pair * ss : 0;
                    Gemm.matmul(
                            seq,
                            seq,
                            s.headDim(),
                            q.data(),
                            q.start(s, b, h),
                            q.rowStride(),
                            1,
                            k.data(),
                            k.start(s, b, h),
                            1,
                            k.rowStride(),
                            pr,
                            po,
                            seq);
                    Softmax.scaledMaskedRows(pr, po, seq, seq, scale, mask, maskRows, pair * seq, pr, po, simd);
                    float[] used = pr;
                    int uo = po;
                    if (dropout.active()) {
                        drop(dropout, pair * ss, ss, pr, po, work, ss, simd);
                        used = work;
                        uo = ss;
                    }
                    Gemm.matmul(
                            seq,
                            s.headDim(),
                            seq,
                            used,
                            uo,
                            seq,
                            1,
                            v.data(),
                            v.start(s, b, h),
                            v.rowStride(),
                            1,
                            context,
                            (b * seq) * s.hidden() + h * s.headDim(),
                            s.hidden());
                }
            } finally {
                SCORES.give(work);
            }
        });
    }

    /**
     * The gradients of {@link #forward} given the context's gradient {@code dContext} and the forward's
     * {@code probs}: into contiguous (batch, seq, hidden) {@code dq}, {@code dk}, {@code dv}, each null
     * when not wanted. With {@code P} the probabilities and {@code D} the dropped ones:
     * {@code dv = Dᵀ·dContext}, {@code dS = softmax'(P, dropout(dContext·vᵀ))·scale},
     * {@code dq = dS·k}, {@code dk = dSᵀ·q}.
     */
    public static void backward(
            AttentionShape s,
            TokenRows q,
            TokenRows k,
            TokenRows v,
            float[] probs,
            float scale,
            DropoutSeed dropout,
            TokenRows dContext,
            float[] dq,
            float[] dk,
            float[] dv) {
        boolean simd = Simd.enabled();
        int seq = s.seq();
        int ss = seq * seq;
        int hd = s.headDim();
        int hidden = s.hidden();
        Parallel.forRange(s.batch() * s.heads(), 1, (from, to) -> {
            float[] work = SCORES.take(2 * ss);
            try {
                for (int pair = from; pair < to; pair++) {
                    int b = pair / s.heads();
                    int h = pair % s.heads();
                    int po = pair * ss;
                    int out = (b * seq) * hidden + h * hd;
                    int dc = dContext.start(s, b, h);
                    if (dv != null) {
                        float[] dropped = probs;
                        int dOff = po;
                        if (dropout.active()) {
                            drop(dropout, po, ss, probs, po, work, 0, simd);
                            dropped = work;
                            dOff = 0;
                        }
                        Gemm.matmul(
                                seq,
                                hd,
                                seq,
                                dropped,
                                dOff,
                                1,
                                seq,
                                dContext.data(),
                                dc,
                                dContext.rowStride(),
                                1,
                                dv,
                                out,
                                hidden);
                    }
                    if (dq == null && dk == null) {
                        continue;
                    }
                    // The scores' gradient, built in place: through the product with v, the dropout, the softmax.
                    Gemm.matmul(
                            seq,
                            seq,
                            hd,
                            dContext.data(),
                            dc,
                            dContext.rowStride(),
                            1,
                            v.data(),
                            v.start(s, b, h),
                            1,
                            v.rowStride(),
                            work,
                            ss,
                            seq);
                    if (dropout.active()) {
                        drop(dropout, po, ss, work, ss, work, ss, simd);
                    }
                    Softmax.backwardRows(probs, po, work, ss, seq, seq, scale, work, ss, false, simd);
                    if (dq != null) {
                        Gemm.matmul(
                                seq,
                                hd,
                                seq,
                                work,
                                ss,
                                seq,
                                1,
                                k.data(),
                                k.start(s, b, h),
                                k.rowStride(),
                                1,
                                dq,
                                out,
                                hidden);
                    }
                    if (dk != null) {
                        Gemm.matmul(
                                seq,
                                hd,
                                seq,
                                work,
                                ss,
                                1,
                                seq,
                                q.data(),
                                q.start(s, b, h),
                                q.rowStride(),
                                1,
                                dk,
                                out,
                                hidden);
                    }
                }
            } finally {
                SCORES.give(work);
            }
        });
    }

    /**
     * Mask elements [first, first + n) of the whole (batch, heads, seq, seq) tensor applied to {@code n}
     * values from {@code src[srcAt ..]} into {@code dst[dstAt ..]} (which may be the same place).
     */
    private static void drop(
            DropoutSeed dropout, int first, int n, float[] src, int srcAt, float[] dst, int dstAt, boolean simd) {
        DropoutMask.applyRange(
                src,
                srcAt - first,
                dst,
                dstAt - first,
                first,
                first + n,
                dropout.seed(),
                dropout.p(),
                dropout.keepScale(),
                simd);
    }
}
