package dev.more.nn.optim;

import static dev.more.nn.optim.TorchReference.assertClose;
import static dev.more.nn.optim.TorchReference.floats;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.more.autograd.Variable;
import dev.more.tensor.Tensor;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class GradientClippingTest {
    @Test
    void matchesPyTorchWithAndWithoutClipping() {
        for (JsonNode c : TorchReference.load("clipping.json").get("clip_grad_norm")) {
            double maxNorm = c.get("max_norm").asDouble();
            Variable a = withGrad(TorchReference.tensor(c.get("grads").get(0), 3, 4));
            Variable b = withGrad(TorchReference.tensor(c.get("grads").get(1), 5));
            Variable none = Variable.parameter(Tensor.zeros(2));

            float total = GradientClipping.clipByGlobalNorm(List.of(a, b, none), maxNorm);

            // float32 on both sides; the norms are summed in another order (here in double), so a few ulps.
            float expected = (float) c.get("total_norm").asDouble();
            assertThat(total).as("max norm %s: total", maxNorm).isCloseTo(expected, Offset.offset(1e-6f * expected));
            assertClose(a.grad().toArray(), floats(c.get("clipped").get(0)), 1e-6, 1e-2, "max norm " + maxNorm + ": a");
            assertClose(b.grad().toArray(), floats(c.get("clipped").get(1)), 1e-6, 1e-2, "max norm " + maxNorm + ": b");
            assertThat(none.grad()).isNull();
        }
    }

    @Test
    void gradientsWithinTheLimitAreUntouched() {
        Tensor g = Tensor.fromArray(new float[] {3f, 4f}, 2);
        Variable p = withGrad(g);
        assertThat(GradientClipping.clipByGlobalNorm(List.of(p), 10)).isEqualTo(5f);
        assertThat(p.grad().toArray()).containsExactly(3f, 4f);
    }

    @Test
    void clippedGradientsHaveTheMaximumNorm() {
        Variable p = withGrad(Tensor.fromArray(new float[] {3f, 4f}, 2));
        Variable q = withGrad(Tensor.fromArray(new float[] {12f}, 1));
        assertThat(GradientClipping.clipByGlobalNorm(List.of(p, q), 1.3)).isEqualTo(13f);
        assertThat(p.grad().toArray()).containsExactly(new float[] {0.3f, 0.4f}, Offset.offset(1e-6f));
        assertThat(q.grad().toArray()).containsExactly(new float[] {1.2f}, Offset.offset(1e-6f));
    }

    @Test
    void noGradientsGiveAZeroNorm() {
        assertThat(GradientClipping.clipByGlobalNorm(List.of(Variable.parameter(Tensor.ones(3))), 1))
                .isEqualTo(0f);
    }

    @Test
    void rejectsANonPositiveMaximum() {
        assertThatThrownBy(() -> GradientClipping.clipByGlobalNorm(List.of(), 0))
                .hasMessage("clipByGlobalNorm: max norm must be finite and > 0, not 0.0");
    }

    /** A parameter whose gradient is exactly {@code grad}. */
    private static Variable withGrad(Tensor grad) {
        Variable p = Variable.parameter(Tensor.zeros(grad.shape()));
        p.backward(grad, false);
        return p;
    }
}
