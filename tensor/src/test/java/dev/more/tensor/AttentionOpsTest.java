package dev.more.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.more.kernels.DropoutSeed;
import org.junit.jupiter.api.Test;

/**
 * The fused attention op against the ops it replaces (split heads, matmul, scaled masked softmax,
 * dropout, matmul, merge heads), on the CPU: the forward pass gives their bits; so does the backward
 * pass when every product is large enough for the packed GEMM (whose result does not depend on the
 * operands' strides), and small products agree to rounding.
 */
class AttentionOpsTest {
    private record Composed(Tensor context, Tensor probs, Tensor dq, Tensor dk, Tensor dv) {}

    private static Tensor heads(Tensor x, int heads) {
        int[] s = x.shape();
        return x.reshape(s[0], s[1], heads, s[2] / heads).permute(0, 2, 1, 3);
    }

    private static Tensor merge(Tensor perHead) {
        int[] s = perHead.shape();
        return perHead.permute(0, 2, 1, 3).reshape(s[0], s[2], s[1] * s[3]);
    }

    /** The unfused forward and backward passes, written with tensor ops. */
    private static Composed composed(
            int heads, Tensor q, Tensor k, Tensor v, float scale, Tensor mask, DropoutSeed dropout, Tensor dContext) {
        Tensor qh = heads(q, heads);
        Tensor kh = heads(k, heads);
        Tensor vh = heads(v, heads);
        Tensor probs = qh.matmul(kh.transpose(-1, -2)).scaledMaskedSoftmax(scale, mask);
        Tensor used = dropout.active() ? probs.dropout(dropout.seed(), dropout.p()) : probs;
        Tensor context = merge(used.matmul(vh));
        Tensor g = heads(dContext, heads);
        Tensor dv = merge(used.transpose(-1, -2).matmul(g));
        Tensor dUsed = g.matmul(vh.transpose(-1, -2));
        Tensor dProbs = dropout.active() ? dUsed.dropout(dropout.seed(), dropout.p()) : dUsed;
        Tensor dScores = probs.scaledSoftmaxBackward(scale, dProbs);
        return new Composed(
                context,
                probs,
                merge(dScores.matmul(kh)),
                merge(dScores.transpose(-1, -2).matmul(qh)),
                dv);
    }

    private static void compare(int batch, int seq, int hidden, int heads, boolean exactBackward) {
        Rng rng = new Rng(seq * 7L + hidden);
        // q, k and v as views into one fused projection, as a fused QKV layer would give them.
        Tensor qkv = Tensor.randn(rng, batch, seq, 3 * hidden);
        Tensor q = qkv.narrow(2, 0, hidden);
        Tensor k = qkv.narrow(2, hidden, hidden);
        Tensor v = qkv.narrow(2, 2 * hidden, hidden).contiguous();
        float[] maskValues = new float[batch * seq];
        for (int b = 0; b < batch; b++) {
            for (int j = seq - b; j < seq; j++) {
                maskValues[b * seq + j] = -10000f;
            }
        }
        Tensor mask = Tensor.fromArray(maskValues, batch, 1, 1, seq);
        Tensor dContext = Tensor.randn(rng, batch, seq, hidden);
        float scale = (float) (1 / Math.sqrt(hidden / heads));
        for (DropoutSeed dropout : new DropoutSeed[] {DropoutSeed.NONE, new DropoutSeed(4242, 0.1f)}) {
            Composed expected = composed(heads, q, k, v, scale, mask, dropout, dContext);
            AttentionOps.Forward f = AttentionOps.forward(heads, q, k, v, scale, mask, dropout, true);
            assertThat(f.context().shape()).containsExactly(batch, seq, hidden);
            assertThat(f.context().toArray())
                    .as("context")
                    .containsExactly(expected.context().toArray());
            assertThat(f.probs().toArray())
                    .as("probabilities")
                    .containsExactly(expected.probs().toArray());
            assertThat(AttentionOps.forward(heads, q, k, v, scale, mask, dropout, false)
                            .probs())
                    .isNull();
            AttentionOps.Gradients g =
                    AttentionOps.backward(heads, q, k, v, f.probs(), scale, dropout, dContext, true, true, true);
            assertClose("dq", g.dq(), expected.dq(), exactBackward);
            assertClose("dk", g.dk(), expected.dk(), exactBackward);
            assertClose("dv", g.dv(), expected.dv(), exactBackward);
            AttentionOps.Gradients onlyDv =
                    AttentionOps.backward(heads, q, k, v, f.probs(), scale, dropout, dContext, false, false, true);
            assertThat(onlyDv.dq()).isNull();
            assertThat(onlyDv.dk()).isNull();
            assertThat(onlyDv.dv().toArray()).containsExactly(g.dv().toArray());
        }
    }

    private static void assertClose(String what, Tensor actual, Tensor expected, boolean exact) {
        float[] a = actual.toArray();
        float[] e = expected.toArray();
        if (exact) {
            assertThat(a).as(what).containsExactly(e);
            return;
        }
        for (int i = 0; i < e.length; i++) {
            assertThat(a[i]).as("%s at %d", what, i).isCloseTo(e[i], within(1e-5f + 1e-5f * Math.abs(e[i])));
        }
    }

    @Test
    void smallOddShapesAgreeWithTheUnfusedOps() {
        compare(2, 5, 6, 3, false);
        compare(3, 1, 4, 1, false);
    }

    @Test
    void bertSizedHeadsGiveTheUnfusedOpsBitsBothWays() {
        compare(2, 64, 96, 3, true);
    }

    @Test
    void theInferenceBlockEqualsItsLinearLayersAndAttention() {
        Rng rng = new Rng(33);
        for (int[] s : new int[][] {{2, 5, 6, 3}, {2, 64, 96, 3}}) {
            int batch = s[0];
            int seq = s[1];
            int hidden = s[2];
            int heads = s[3];
            Tensor x = Tensor.randn(rng, batch, seq, hidden + 2).narrow(2, 1, hidden); // a view
            Tensor[] w = new Tensor[4];
            Tensor[] b = new Tensor[4];
            for (int i = 0; i < 4; i++) {
                w[i] = Tensor.randn(rng, hidden, hidden).mul(0.2f);
                b[i] = i == 2 ? null : Tensor.randn(rng, hidden + 1).narrow(0, 1, hidden);
            }
            w[3] = w[3].transpose(0, 1); // a transposed weight
            float[] maskValues = new float[batch * seq];
            maskValues[seq - 1] = -10000f;
            Tensor mask = Tensor.fromArray(maskValues, batch, 1, 1, seq);
            float scale = 0.3f;
            Tensor context = AttentionOps.forward(
                            heads,
                            x.linear(w[0], b[0]),
                            x.linear(w[1], b[1]),
                            x.linear(w[2], b[2]),
                            scale,
                            mask,
                            DropoutSeed.NONE,
                            false)
                    .context();
            Tensor expected = context.linear(w[3], b[3]);
            Tensor block = AttentionOps.block(
                    heads, x, new AttentionProjections<>(w[0], b[0], w[1], b[1], w[2], b[2], w[3], b[3]), scale, mask);
            assertThat(block.shape()).containsExactly(batch, seq, hidden);
            assertThat(block.toArray()).containsExactly(expected.toArray());
            Tensor gamma = Tensor.randn(rng, hidden);
            Tensor normed = AttentionOps.block(
                    heads,
                    x,
                    new AttentionProjections<>(w[0], b[0], w[1], b[1], w[2], b[2], w[3], b[3]),
                    scale,
                    mask,
                    new SublayerNorm<>(gamma, null, 1e-6f));
            assertThat(normed.toArray())
                    .as("block, then layerNorm(block + x)")
                    .containsExactly(expected.addLayerNorm(x, gamma, null, 1e-6f, false)
                            .output()
                            .toArray());
            Tensor given = Tensor.fromArray(x.toArray(), x.shape());
            Tensor over = AttentionOps.block(
                    heads,
                    given,
                    new AttentionProjections<>(w[0], b[0], w[1], b[1], w[2], b[2], w[3], b[3]),
                    scale,
                    mask,
                    new SublayerNorm<>(gamma, null, 1e-6f).overwritingInput());
            assertThat(over.toArray()).as("written over x").containsExactly(normed.toArray());
            assertThat(over.storage()).isSameAs(given.storage());
        }
    }

    @Test
    void reportsMismatchedOperands() {
        Tensor x = Tensor.zeros(2, 4, 6);
        assertThatThrownBy(() -> AttentionOps.forward(4, x, x, x, 1f, null, DropoutSeed.NONE, false))
                .hasMessageContaining("hidden size 6 is not a multiple of 4 heads");
        assertThatThrownBy(
                        () -> AttentionOps.forward(2, x, Tensor.zeros(2, 5, 6), x, 1f, null, DropoutSeed.NONE, false))
                .hasMessageContaining("q, k and v must have one shape");
        assertThatThrownBy(() -> AttentionOps.forward(
                        2,
                        Tensor.zeros(4, 6),
                        Tensor.zeros(4, 6),
                        Tensor.zeros(4, 6),
                        1f,
                        null,
                        DropoutSeed.NONE,
                        false))
                .hasMessageContaining("q must be (batch, seq, hidden)");
        assertThatThrownBy(
                        () -> AttentionOps.forward(2, x, x, x, 1f, Tensor.zeros(2, 1, 1, 3), DropoutSeed.NONE, false))
                .hasMessageContaining("shapes [2, 2, 4, 4] and [2, 1, 1, 3]: cannot be broadcast");
        assertThatThrownBy(() ->
                        AttentionOps.forward(2, x, x, x, 1f, Tensor.zeros(3, 1, 1, 1, 4), DropoutSeed.NONE, false))
                .hasMessageContaining("the mask must broadcast to (batch, heads, seq, seq)");
        Tensor w = Tensor.zeros(6, 6);
        assertThatThrownBy(() -> AttentionOps.block(
                        2,
                        x,
                        new AttentionProjections<>(w, null, w, null, Tensor.zeros(6, 5), null, w, null),
                        1f,
                        null))
                .hasMessageContaining("each weight must be (6, 6)");
        assertThatThrownBy(() -> AttentionOps.block(
                        2, x, new AttentionProjections<>(w, Tensor.zeros(5), w, null, w, null, w, null), 1f, null))
                .hasMessageContaining("each bias must have shape [6]");
        AttentionProjections<Tensor> plain = new AttentionProjections<>(w, null, w, null, w, null, w, null);
        SublayerNorm<Tensor> shortBeta = new SublayerNorm<>(null, Tensor.zeros(5), 1e-5f);
        assertThatThrownBy(() -> AttentionOps.block(2, x, plain, 1f, null, shortBeta))
                .hasMessageContaining("gamma and beta must have shape [6]");
        Tensor probs = Tensor.zeros(2, 2, 4, 4);
        assertThatThrownBy(() -> AttentionOps.backward(
                        2, x, x, x, probs, 1f, DropoutSeed.NONE, Tensor.zeros(2, 4, 5), true, true, true))
                .hasMessageContaining("the context's gradient must have the context's shape");
    }
}
