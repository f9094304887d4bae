package dev.more.nn.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.more.autograd.GradCheck;
import dev.more.autograd.Variable;
import dev.more.tensor.Rng;
import dev.more.tensor.Tensor;
import org.junit.jupiter.api.Test;

class GeluTest {
    @Test
    void isTheExactErfForm() {
        // x * Φ(x) with the standard normal CDF Φ(1) = 0.8413447460685429, Φ(2) = 0.9772498680518208
        // (textbook values); the tanh approximation gives 0.841192 at x = 1, which this tolerance rejects.
        float[] out = new Gelu()
                .forward(Variable.constant(Tensor.fromArray(new float[] {-1, 0, 1, 2}, 4)))
                .value()
                .toArray();
        assertThat((double) out[0]).isCloseTo(-(1 - 0.8413447460685429), within(1e-6));
        assertThat(out[1]).isZero();
        assertThat((double) out[2]).isCloseTo(0.8413447460685429, within(1e-6));
        assertThat((double) out[3]).isCloseTo(2 * 0.9772498680518208, within(1e-6));
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Gelu gelu = new Gelu();
        assertThat(GradCheck.check(v -> gelu.forward(v[0]), Tensor.randn(new Rng(4), 3, 4))
                        .maxRelativeError())
                .isLessThan(5e-3);
    }
}
