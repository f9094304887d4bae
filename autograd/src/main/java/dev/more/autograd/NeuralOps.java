package dev.more.autograd;

import static dev.more.autograd.Gradients.unbroadcast;

import dev.more.kernels.DropoutSeed;
import dev.more.kernels.MoReShape;
import dev.more.tensor.ActivatedLinear;
import dev.more.tensor.AttentionOps;
import dev.more.tensor.MoReOps;
import dev.more.tensor.ResidualNorm;
import dev.more.tensor.Shapes;
import dev.more.tensor.Tensor;

/**
 * Matrix product, softmax, layer norm and lookups: each enters the graph as one node whose
 * hand-written backward works on tensors, the way fused kernels will.
 */
final class NeuralOps {
    private NeuralOps() {}

    /**
     * Batched, broadcasting matmul. The backward works on the operands promoted to at least 2-D
     * (as the forward does), sums away broadcast batch dimensions, then drops the promotion.
     */
    static Variable matmul(Variable a, Variable b) {
        Tensor x = a.value();
        Tensor y = b.value();
        Tensor out = x.matmul(y);
        return Variable.fromOp(
                "matmul",
                out,
                g -> {
                    if (x.rank() > 2 && y.rank() == 2) {
                        // A layer's weight applied to a batch of sequences: flatten the rows so that each
                        // gradient is one GEMM (the weight's sums over every row at once).
                        int k = y.shape()[0];
                        int n = y.shape()[1];
                        Tensor rows = x.reshape(-1, k);
                        Tensor gRows = g.reshape(-1, n);
                        Tensor gx = a.requiresGrad()
                                ? gRows.matmul(y.transpose(0, 1)).reshape(x.shape())
                                : null;
                        Tensor gy = b.requiresGrad() ? rows.transpose(0, 1).matmul(gRows) : null;
                        return new Tensor[] {gx, gy};
                    }
                    Tensor x2 = x.rank() == 1 ? x.unsqueeze(0) : x;
                    Tensor y2 = y.rank() == 1 ? y.unsqueeze(1) : y;
                    Tensor g2 = g;
                    if (x.rank() == 1) {
                        g2 = g2.unsqueeze(g2.rank() - (y.rank() == 1 ? 0 : 1));
                    }
                    if (y.rank() == 1) {
                        g2 = g2.unsqueeze(g2.rank());
                    }
                    // A frozen operand (a pretrained weight under an adapter) needs no product at all.
                    Tensor gx = a.requiresGrad()
                            ? unbroadcast(g2.matmul(y2.transpose(-1, -2)), x2.shape())
                                    .reshape(x.shape())
                            : null;
                    Tensor gy = b.requiresGrad()
                            ? unbroadcast(x2.transpose(-1, -2).matmul(g2), y2.shape())
                                    .reshape(y.shape())
                            : null;
                    return new Tensor[] {gx, gy};
                },
                a,
                b);
    }

    /**
     * {@code x · wᵀ + b} as one node: one GEMM forward; backward {@code dx = g · w},
     * {@code dw = gᵀ · x} over all rows at once, {@code db = Σ_rows g}, each only when needed.
     */
    static Variable linear(Variable x, Variable w, Variable b) {
        Tensor out = x.value().linear(w.value(), b == null ? null : b.value());
        return Variable.fromOp("linear", out, g -> linearGradients(x, w, b, g), x, w, b);
    }

    /**
     * {@code gelu(x · wᵀ + b)} as one node: one GEMM that applies GELU as it goes, keeping the
     * pre-activation when a gradient will be needed; backward through GELU, then as {@link #linear}.
     */
    static Variable linearGelu(Variable x, Variable w, Variable b) {
        boolean recording = Variable.recorded(x, w, b);
        ActivatedLinear f = x.value().linearGelu(w.value(), b == null ? null : b.value(), recording);
        return Variable.fromOp(
                "linearGelu",
                f.output(),
                g -> linearGradients(x, w, b, f.preActivation().geluBackward(g)),
                x,
                w,
                b);
    }

    /**
     * A transformer's feed-forward block, {@code linear(gelu(linear(x, w1, b1)), w2, b2)}: two nodes
     * ({@link #linearGelu}, {@link #linear}) when a gradient will be needed, else the one tensor op that
     * keeps no intermediate.
     */
    static Variable feedForward(Variable x, Variable w1, Variable b1, Variable w2, Variable b2) {
        if (Variable.recorded(x, w1, b1, w2, b2)) {
            return linear(linearGelu(x, w1, b1), w2, b2);
        }
        return Variable.constant(x.value()
                .feedForward(w1.value(), b1 == null ? null : b1.value(), w2.value(), b2 == null ? null : b2.value()));
    }

    private static Tensor[] linearGradients(Variable x, Variable w, Variable b, Tensor g) {
        Tensor xv = x.value();
        Tensor wv = w.value();
        int in = wv.shape()[1];
        int outFeatures = wv.shape()[0];
        Tensor gRows = g.reshape(-1, outFeatures);
        Tensor gx = x.requiresGrad() ? gRows.matmul(wv).reshape(xv.shape()) : null;
        Tensor gw = w.requiresGrad() ? gRows.transpose(0, 1).matmul(xv.reshape(-1, in)) : null;
        Tensor gb = b != null && b.requiresGrad() ? gRows.sum(false, 0) : null;
        return new Tensor[] {gx, gw, gb};
    }

    static Variable softmax(Variable a, int axis) {
        Tensor out = a.value().softmax(axis);
        return Variable.fromOp("softmax", out, g -> new Tensor[] {out.softmaxBackward(axis, g, false)}, a);
    }

    static Variable scaledMaskedSoftmax(Variable a, float scale, Tensor mask) {
        Tensor out = a.value().scaledMaskedSoftmax(scale, mask);
        return Variable.fromOp("scaledMaskedSoftmax", out, g -> new Tensor[] {out.scaledSoftmaxBackward(scale, g)}, a);
    }

    /**
     * Multi-head attention as one node: the fused forward (keeping the probabilities when a gradient will
     * be needed) and the fused backward, which makes the dropout mask again from its seed.
     */
    static Variable attention(
            Variable q, Variable k, Variable v, int heads, float scale, Tensor mask, DropoutSeed dropout) {
        boolean recording = Variable.recorded(q, k, v);
        Tensor qv = q.value();
        Tensor kv = k.value();
        Tensor vv = v.value();
        AttentionOps.Forward f = AttentionOps.forward(heads, qv, kv, vv, scale, mask, dropout, recording);
        return Variable.fromOp(
                "attention",
                f.context(),
                g -> {
                    AttentionOps.Gradients grads = AttentionOps.backward(
                            heads,
                            qv,
                            kv,
                            vv,
                            f.probs(),
                            scale,
                            dropout,
                            g,
                            q.requiresGrad(),
                            k.requiresGrad(),
                            v.requiresGrad());
                    return new Tensor[] {grads.dq(), grads.dk(), grads.dv()};
                },
                q,
                k,
                v);
    }

    static Variable dropout(Variable a, int seed, float p) {
        // The gradient goes through the same mask, which the seed makes again: nothing is stored.
        return Variable.fromOp("dropout", a.value().dropout(seed, p), g -> new Tensor[] {g.dropout(seed, p)}, a);
    }

    static Variable logSoftmax(Variable a, int axis) {
        Tensor out = a.value().logSoftmax(axis);
        return Variable.fromOp("logSoftmax", out, g -> new Tensor[] {out.softmaxBackward(axis, g, true)}, a);
    }

    /**
     * Layer norm over the last dimension. The backward kernel recomputes the row statistics rather
     * than keeping them, trading a pass over x for memory:
     * {@code dx = rstd * (g - mean(g) - xhat * mean(g * xhat))} with {@code g = dy * gamma}.
     */
    static Variable layerNorm(Variable a, Variable gamma, Variable beta, float eps) {
        Tensor x = a.value();
        Tensor gv = gamma == null ? null : gamma.value();
        Tensor bv = beta == null ? null : beta.value();
        Tensor out = x.layerNorm(gv, bv, eps);
        return Variable.fromOp("layerNorm", out, g -> x.layerNormBackward(gv, eps, g, bv != null), a, gamma, beta);
    }

    /**
     * {@code layerNorm(x + residual)} as one node: one pass forward, keeping the sum when a gradient will
     * be needed; backward as {@link #layerNorm} on the sum, whose gradient both addends receive.
     */
    static Variable addLayerNorm(Variable x, Variable residual, Variable gamma, Variable beta, float eps) {
        Tensor gv = gamma == null ? null : gamma.value();
        Tensor bv = beta == null ? null : beta.value();
        boolean recording = Variable.recorded(x, residual, gamma, beta);
        ResidualNorm f = x.value().addLayerNorm(residual.value(), gv, bv, eps, recording);
        return Variable.fromOp(
                "addLayerNorm",
                f.output(),
                g -> {
                    Tensor[] d = f.sum().layerNormBackward(gv, eps, g, bv != null);
                    return new Tensor[] {
                        x.requiresGrad() ? d[0] : null, residual.requiresGrad() ? d[0] : null, d[1], d[2]
                    };
                },
                x,
                residual,
                gamma,
                beta);
    }

    static Variable indexSelect(Variable a, int dim, int[] indices) {
        int d = Shapes.axis("indexSelect", a.shape(), dim);
        int size = a.shape()[d];
        int[] idx = indices.clone();
        return Variable.fromOp(
                "indexSelect", a.value().indexSelect(d, idx), g -> new Tensor[] {g.indexAdd(d, idx, size)}, a);
    }

    static Variable gather(Variable a, int dim, Tensor index) {
        int[] in = a.shape();
        return Variable.fromOp(
                "gather", a.value().gather(dim, index), g -> new Tensor[] {g.scatterAdd(dim, index, in)}, a);
    }

    /**
     * The MoRe adapter product as one node: the fused kernel forward (keeping the small intermediate
     * when a gradient will be needed) and the fused kernel backward.
     */
    static Variable more(Variable x, Variable w1, Variable w2, MoReShape s) {
        boolean recording = Variable.recorded(x, w1, w2);
        MoReOps.Forward f = MoReOps.forward(s, x.value(), w1.value(), w2.value(), recording);
        Tensor xv = x.value();
        Tensor w1v = w1.value();
        Tensor w2v = w2.value();
        return Variable.fromOp(
                "more",
                f.out(),
                g -> {
                    MoReOps.Gradients grads = MoReOps.backward(s, xv, w1v, w2v, f.middle(), g, x.requiresGrad());
                    return new Tensor[] {grads.dx(), grads.dw1(), grads.dw2()};
                },
                x,
                w1,
                w2);
    }
}
