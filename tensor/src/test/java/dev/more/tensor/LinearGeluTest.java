package dev.more.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The fused linear layer and GELU against the two ops it replaces, bit for bit. */
class LinearGeluTest {
    private final Rng rng = new Rng(8);

    @Test
    void equalsLinearThenGelu() {
        // Edge tiles, a product split over k, bands of rows; a transposed input; no bias.
        for (int[] shape : new int[][] {{3, 5, 4}, {13, 37, 50}, {300, 70, 400}}) {
            Tensor x = Tensor.randn(rng, 1, shape[0], shape[2]);
            Tensor w = Tensor.randn(rng, shape[1], shape[2]);
            Tensor b = Tensor.randn(rng, shape[1]);
            Tensor y = x.linear(w, b);
            ActivatedLinear kept = x.linearGelu(w, b, true);
            assertThat(kept.output().shape()).containsExactly(1, shape[0], shape[1]);
            assertThat(kept.output().toArray()).containsExactly(y.gelu().toArray());
            assertThat(kept.preActivation().toArray()).containsExactly(y.toArray());
            ActivatedLinear alone = x.linearGelu(w, b, false);
            assertThat(alone.preActivation()).isNull();
            assertThat(alone.output().toArray()).containsExactly(y.gelu().toArray());
        }
        Tensor xt = Tensor.randn(rng, 6, 9).transpose(0, 1);
        Tensor w = Tensor.randn(rng, 4, 6);
        assertThat(xt.linearGelu(w, null, false).output().toArray())
                .containsExactly(xt.linear(w, null).gelu().toArray());
    }

    @Test
    void namesMismatchedShapes() {
        Tensor x = Tensor.zeros(2, 5);
        assertThatThrownBy(() -> x.linearGelu(Tensor.zeros(3, 4), null, false))
                .hasMessageContaining("needs (..., in) and a weight (out, in)");
        assertThatThrownBy(() -> x.linearGelu(Tensor.zeros(3, 5), Tensor.zeros(4), false))
                .hasMessageContaining("bias must have shape [3]");
    }
}
