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

class LinearTest {
    private static Linear handSet(boolean bias) {
        Linear linear = new Linear(3, 2, bias, new Rng(0));
        linear.weight().setValue(Tensor.fromArray(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
        if (bias) {
            linear.bias().setValue(Tensor.fromArray(new float[] {0.5f, -1}, 2));
        }
        return linear;
    }

    @Test
    void computesXTimesWeightTransposedPlusBias() {
        Variable x = Variable.constant(Tensor.fromArray(new float[] {1, 0, -1, 2, 1, 0}, 2, 3));
        // Row 0: (1 - 3 + 0.5, 4 - 6 - 1); row 1: (2 + 2 + 0.5, 8 + 5 - 1).
        assertThat(handSet(true).forward(x).value().toArray()).containsExactly(-1.5f, -3f, 4.5f, 12f);
        assertThat(handSet(false).forward(x).value().toArray()).containsExactly(-2f, -2f, 4f, 13f);
    }

    @Test
    void appliesToTheLastDimensionOfAnyRank() {
        Variable x = Variable.constant(Tensor.fromArray(new float[] {1, 0, -1, 2, 1, 0}, 2, 1, 3));
        Variable y = handSet(true).forward(x);
        assertThat(y.shape()).containsExactly(2, 1, 2);
        assertThat(y.value().toArray()).containsExactly(-1.5f, -3f, 4.5f, 12f);
    }

    @Test
    void hasPyTorchShapesAndNames() {
        Linear linear = new Linear(5, 3, true, new Rng(1));
        assertThat(linear.namedParameters().keySet()).containsExactly("weight", "bias");
        assertThat(linear.weight().shape()).containsExactly(3, 5);
        assertThat(linear.bias().shape()).containsExactly(3);
        assertThat(new Linear(5, 3, false, new Rng(1)).namedParameters().keySet())
                .containsExactly("weight");
    }

    @Test
    void initialisesUniformlyWithinOneOverSqrtFanIn() {
        Linear linear = new Linear(16, 32, true, new Rng(7));
        float[] w = linear.weight().value().toArray();
        // 512 uniform draws in [-0.25, 0.25): the extremes come close to the bound and the mean close to 0.
        assertThat(maxAbs(w)).isLessThanOrEqualTo(0.25f).isGreaterThan(0.24f);
        assertThat(maxAbs(linear.bias().value().toArray()))
                .isLessThanOrEqualTo(0.25f)
                .isGreaterThan(0.1f);
        double sum = 0;
        for (float v : w) {
            sum += v;
        }
        assertThat(sum / w.length).isCloseTo(0, within(0.03));
        assertThat(new Linear(16, 32, true, new Rng(7)).weight().value().toArray())
                .containsExactly(w);
    }

    private static float maxAbs(float[] values) {
        float max = 0;
        for (float v : values) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    @Test
    void rejectsAWrongInputSize() {
        Linear linear = new Linear(3, 2, true, new Rng(0));
        assertThatThrownBy(() -> linear.forward(Variable.constant(Tensor.zeros(2, 4))))
                .isInstanceOf(ShapeException.class)
                .hasMessageContaining("last dimension must be 3");
        assertThatThrownBy(() -> new Linear(0, 2, true, new Rng(0))).hasMessageContaining("must be positive");
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Linear linear = new Linear(3, 4, true, new Rng(2));
        Tensor x = Tensor.randn(new Rng(3), 2, 2, 3);
        assertThat(ModuleGradCheck.check(linear, linear::forward, x).maxRelativeError())
                .isLessThan(5e-3);
    }
}
