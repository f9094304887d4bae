package dev.more.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The fused residual sum and layer norm against the two ops it replaces, bit for bit. */
class AddLayerNormTest {
    private final Rng rng = new Rng(12);

    @Test
    void equalsAddThenLayerNorm() {
        for (int[] shape : new int[][] {{1, 1}, {3, 7}, {2, 5, 384}, {4, 33, 19}}) {
            int n = shape[shape.length - 1];
            Tensor x = Tensor.randn(rng, shape);
            Tensor r = Tensor.randn(rng, shape).mul(3f);
            Tensor gamma = Tensor.randn(rng, n);
            Tensor beta = Tensor.randn(rng, n);
            Tensor sum = x.add(r);
            ResidualNorm kept = x.addLayerNorm(r, gamma, beta, 1e-5f, true);
            assertThat(kept.output().toArray())
                    .containsExactly(sum.layerNorm(gamma, beta, 1e-5f).toArray());
            assertThat(kept.sum().toArray()).containsExactly(sum.toArray());
            ResidualNorm alone = x.addLayerNorm(r, null, null, 1e-5f, false);
            assertThat(alone.sum()).isNull();
            assertThat(alone.output().toArray())
                    .containsExactly(sum.layerNorm(null, null, 1e-5f).toArray());
        }
        // Views take the composed path.
        Tensor xt = Tensor.randn(rng, 6, 4).transpose(0, 1);
        Tensor r = Tensor.randn(rng, 4, 6);
        assertThat(xt.addLayerNorm(r, null, null, 1e-5f, false).output().toArray())
                .containsExactly(xt.add(r).layerNorm(null, null, 1e-5f).toArray());
    }

    @Test
    void namesMismatchedShapes() {
        Tensor x = Tensor.zeros(2, 5);
        assertThatThrownBy(() -> x.addLayerNorm(Tensor.zeros(2, 4), null, null, 1e-5f, false))
                .hasMessageContaining("x and the residual must have one shape");
        assertThatThrownBy(() -> x.addLayerNorm(x, Tensor.zeros(4), null, 1e-5f, false))
                .hasMessageContaining("gamma and beta must have shape [5]");
    }
}
