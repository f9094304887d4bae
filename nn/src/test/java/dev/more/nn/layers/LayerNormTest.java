package dev.more.nn.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.more.autograd.Variable;
import dev.more.nn.ModuleGradCheck;
import dev.more.tensor.Rng;
import dev.more.tensor.ShapeException;
import dev.more.tensor.Tensor;
import org.junit.jupiter.api.Test;

class LayerNormTest {
    @Test
    void normalisesTheLastDimensionThenScalesAndShifts() {
        LayerNorm norm = new LayerNorm(4, 1e-5f);
        norm.weight().setValue(Tensor.fromArray(new float[] {1, 2, 1, 1}, 4));
        norm.bias().setValue(Tensor.fromArray(new float[] {0, 0, 1, 0}, 4));
        float[] out = norm.forward(Variable.constant(Tensor.fromArray(new float[] {1, 2, 3, 4}, 1, 4)))
                .value()
                .toArray();
        // mean 2.5, biased variance 1.25
        double rstd = 1 / Math.sqrt(1.25 + 1e-5);
        double[] expected = {-1.5 * rstd, 2 * -0.5 * rstd, 0.5 * rstd + 1, 1.5 * rstd};
        for (int i = 0; i < 4; i++) {
            assertThat((double) out[i]).isCloseTo(expected[i], within(1e-5));
        }
    }

    @Test
    void startsAsThePlainNormalisationWithHuggingFaceNames() {
        LayerNorm norm = new LayerNorm(3, 1e-12f);
        assertThat(norm.namedParameters().keySet()).containsExactly("weight", "bias");
        assertThat(norm.weight().value().toArray()).containsExactly(1, 1, 1);
        assertThat(norm.bias().value().toArray()).containsExactly(0, 0, 0);
        LayerNorm plain = new LayerNorm(3, 1e-12f, false);
        assertThat(plain.namedParameters()).isEmpty();
        Variable x = Variable.constant(Tensor.fromArray(new float[] {2, 4, 9}, 3));
        assertThat(plain.forward(x).value().toArray())
                .containsExactly(norm.forward(x).value().toArray());
    }

    @Test
    void rejectsAWrongSizeAndBadEps() {
        assertThatThrownBy(() -> new LayerNorm(3, 1e-5f).forward(Variable.constant(Tensor.zeros(2, 4))))
                .isInstanceOf(ShapeException.class)
                .hasMessageContaining("last dimension must be 3");
        assertThatThrownBy(() -> new LayerNorm(3, 0f)).hasMessageContaining("eps");
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        LayerNorm norm = new LayerNorm(4, 1e-5f);
        norm.weight().setValue(Tensor.uniform(new Rng(1), 0.5f, 1.5f, 4));
        norm.bias().setValue(Tensor.randn(new Rng(2), 4));
        Tensor x = Tensor.randn(new Rng(3), 2, 3, 4);
        assertThat(ModuleGradCheck.check(norm, norm::forward, x).maxRelativeError())
                .isLessThan(5e-3);
    }
}
