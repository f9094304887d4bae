package dev.more.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The feed-forward block against the linear layers it is made of, bit for bit. */
class FeedForwardTest {
    private final Rng rng = new Rng(21);

    private Tensor composed(Tensor x, Tensor w1, Tensor b1, Tensor w2, Tensor b2) {
        return x.linearGelu(w1, b1, false).output().linear(w2, b2);
    }

    @Test
    void equalsLinearGeluThenLinear() {
        // Growing and shrinking sizes: the reused intermediate must never leak between calls.
        for (int[] s : new int[][] {{2, 9, 6, 20, 5}, {3, 50, 24, 96, 24}, {1, 4, 6, 20, 5}, {2, 300, 16, 400, 8}}) {
            Tensor x = Tensor.randn(rng, s[0], s[1], s[2]);
            Tensor w1 = Tensor.randn(rng, s[3], s[2]);
            Tensor b1 = Tensor.randn(rng, s[3]);
            Tensor w2 = Tensor.randn(rng, s[4], s[3]);
            Tensor b2 = Tensor.randn(rng, s[4]);
            Tensor y = x.feedForward(w1, b1, w2, b2);
            assertThat(y.shape()).containsExactly(s[0], s[1], s[4]);
            assertThat(y.toArray()).containsExactly(composed(x, w1, b1, w2, b2).toArray());
            assertThat(x.feedForward(w1, null, w2, null).toArray())
                    .containsExactly(composed(x, w1, null, w2, null).toArray());
        }
        Tensor xt = Tensor.randn(rng, 6, 7).transpose(0, 1);
        Tensor w1 = Tensor.randn(rng, 5, 6);
        Tensor w2 = Tensor.randn(rng, 3, 5);
        Tensor first = xt.feedForward(w1, null, w2, null);
        assertThat(first.toArray())
                .containsExactly(composed(xt, w1, null, w2, null).toArray());
        Tensor second = xt.mul(2f).feedForward(w1, null, w2, null);
        assertThat(first.toArray())
                .as("an earlier result is not the reused buffer")
                .containsExactly(composed(xt, w1, null, w2, null).toArray());
        assertThat(second.toArray()).isNotEqualTo(first.toArray());
    }

    @Test
    void withASublayerNormEqualsTheBlockThenTheResidualNorm() {
        for (int[] s : new int[][] {{2, 9, 6, 20}, {3, 50, 24, 96}, {1, 4, 6, 20}}) {
            Tensor x = Tensor.randn(rng, s[0], s[1], s[2]);
            Tensor w1 = Tensor.randn(rng, s[3], s[2]);
            Tensor b1 = Tensor.randn(rng, s[3]);
            Tensor w2 = Tensor.randn(rng, s[2], s[3]);
            Tensor b2 = Tensor.randn(rng, s[2]);
            Tensor gamma = Tensor.randn(rng, s[2]);
            Tensor beta = Tensor.randn(rng, s[2]);
            Tensor expected = composed(x, w1, b1, w2, b2)
                    .addLayerNorm(x, gamma, beta, 1e-5f, false)
                    .output();
            Tensor y = x.feedForward(w1, b1, w2, b2, new SublayerNorm<>(gamma, beta, 1e-5f));
            assertThat(y.toArray()).containsExactly(expected.toArray());
            Tensor again = x.mul(2f).feedForward(w1, b1, w2, b2, new SublayerNorm<>(null, null, 1e-5f));
            assertThat(again.toArray())
                    .containsExactly(composed(x.mul(2f), w1, b1, w2, b2)
                            .addLayerNorm(x.mul(2f), null, null, 1e-5f, false)
                            .output()
                            .toArray());
            assertThat(y.toArray())
                    .as("an earlier result is not the reused buffer")
                    .containsExactly(expected.toArray());
        }
        // A transposed (non-contiguous) input: the residual is read through its view.
        Tensor xt = Tensor.randn(rng, 6, 7).transpose(0, 1);
        Tensor w1 = Tensor.randn(rng, 5, 6);
        Tensor w2 = Tensor.randn(rng, 6, 5);
        assertThat(xt.feedForward(w1, null, w2, null, new SublayerNorm<>(null, null, 1e-3f))
                        .toArray())
                .containsExactly(composed(xt, w1, null, w2, null)
                        .addLayerNorm(xt, null, null, 1e-3f, false)
                        .output()
                        .toArray());
    }

    @Test
    void aNormOverwritingTheInputWritesTheSameValuesOverIt() {
        Tensor x = Tensor.randn(rng, 3, 50, 24);
        Tensor w1 = Tensor.randn(rng, 96, 24);
        Tensor b1 = Tensor.randn(rng, 96);
        Tensor w2 = Tensor.randn(rng, 24, 96);
        Tensor gamma = Tensor.randn(rng, 24);
        float[] expected = x.feedForward(w1, b1, w2, null, new SublayerNorm<>(gamma, null, 1e-5f))
                .toArray();
        Tensor given = Tensor.fromArray(x.toArray(), 3, 50, 24);
        Tensor y = given.feedForward(w1, b1, w2, null, new SublayerNorm<>(gamma, null, 1e-5f).overwritingInput());
        assertThat(y.toArray()).containsExactly(expected);
        assertThat(y.storage()).as("written over the input's storage").isSameAs(given.storage());
        // A view of part of a larger storage is not written over: its storage holds more than the input.
        Tensor wider = Tensor.fromArray(x.toArray(), 3, 50, 24)
                .reshape(150, 24)
                .narrow(0, 0, 100)
                .reshape(2, 50, 24);
        float[] before = Tensor.fromArray(x.toArray(), 3, 50, 24).toArray();
        Tensor fromView =
                wider.feedForward(w1, b1, w2, null, new SublayerNorm<>(gamma, null, 1e-5f).overwritingInput());
        assertThat(fromView.storage()).isNotSameAs(wider.storage());
        assertThat(((CpuStorage) wider.storage()).data()).containsExactly(before);
        assertThat(fromView.toArray()).containsExactly(java.util.Arrays.copyOf(expected, 2 * 50 * 24));
    }

    @Test
    void namesMismatchedShapes() {
        Tensor x = Tensor.zeros(2, 5);
        assertThatThrownBy(() -> x.feedForward(Tensor.zeros(8, 5), null, Tensor.zeros(3, 7), null))
                .hasMessageContaining(
                        "shapes [2, 5], [8, 5] and [3, 7]: needs (..., in), w1 (hidden, in) and w2 (out, hidden)");
        assertThatThrownBy(() -> x.feedForward(Tensor.zeros(8, 5), Tensor.zeros(7), Tensor.zeros(3, 8), null))
                .hasMessageContaining("bias must have shape [8]");
        SublayerNorm<Tensor> norm = new SublayerNorm<>(null, null, 1e-5f);
        assertThatThrownBy(() -> x.feedForward(Tensor.zeros(8, 5), null, Tensor.zeros(3, 8), null, norm))
                .hasMessageContaining("with a sublayer norm the output must have the input's shape");
        assertThatThrownBy(() -> x.feedForward(
                        Tensor.zeros(8, 5),
                        null,
                        Tensor.zeros(5, 8),
                        null,
                        new SublayerNorm<>(Tensor.zeros(4), null, 1e-5f)))
                .hasMessageContaining("gamma and beta must have shape [5]");
    }
}
