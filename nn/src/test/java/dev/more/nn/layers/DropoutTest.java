package dev.more.nn.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.more.autograd.GradCheck;
import dev.more.autograd.Variable;
import dev.more.kernels.DropoutSeed;
import dev.more.tensor.Rng;
import dev.more.tensor.Tensor;
import org.junit.jupiter.api.Test;

class DropoutTest {
    private static final Variable ONES = Variable.constant(Tensor.ones(100, 100));

    @Test
    void zeroesAboutPAndScalesTheRestByOneOverOneMinusP() {
        float[] out = new Dropout(0.3f, new Rng(1)).forward(ONES).value().toArray();
        int dropped = 0;
        for (float v : out) {
            assertThat(v).isIn(0f, 1f / 0.7f);
            dropped += v == 0f ? 1 : 0;
        }
        // 10,000 Bernoulli(0.3) draws: standard deviation 46, so 5 sigmas is 230.
        assertThat(dropped).isBetween(3000 - 230, 3000 + 230);
    }

    @Test
    void aSeedFixesTheMasks() {
        float[] a = new Dropout(0.5f, new Rng(42)).forward(ONES).value().toArray();
        float[] b = new Dropout(0.5f, new Rng(42)).forward(ONES).value().toArray();
        float[] c = new Dropout(0.5f, new Rng(43)).forward(ONES).value().toArray();
        assertThat(a).containsExactly(b);
        assertThat(a).isNotEqualTo(c);
        Dropout twice = new Dropout(0.5f, new Rng(42));
        twice.forward(ONES);
        assertThat(twice.forward(ONES).value().toArray()).isNotEqualTo(a);
    }

    @Test
    void nextMaskIsWhatForwardApplies() {
        float[] applied = new Dropout(0.5f, new Rng(42)).forward(ONES).value().toArray();
        DropoutSeed mask = new Dropout(0.5f, new Rng(42)).nextMask();
        assertThat(mask.p()).isEqualTo(0.5f);
        assertThat(ONES.value().dropout(mask.seed(), mask.p()).toArray()).containsExactly(applied);
        Dropout evaluating = new Dropout(0.5f, new Rng(42));
        evaluating.eval();
        assertThat(evaluating.nextMask()).isEqualTo(DropoutSeed.NONE);
        assertThat(new Dropout(0f, new Rng(42)).nextMask().active()).isFalse();
        assertThat(new Dropout(1f, new Rng(42)).nextMask().keepScale()).isZero();
    }

    @Test
    void aRestoredRandomStateDrawsTheSameMaskAgain() {
        Dropout dropout = new Dropout(0.5f, new Rng(7));
        dropout.forward(ONES);
        Rng.State saved = dropout.randomState();
        float[] next = dropout.forward(ONES).value().toArray();
        Dropout other = new Dropout(0.5f, new Rng(99));
        other.restoreRandomState(saved);
        assertThat(other.forward(ONES).value().toArray()).containsExactly(next);
        dropout.restoreRandomState(saved);
        assertThat(dropout.forward(ONES).value().toArray()).containsExactly(next);
    }

    @Test
    void isTheIdentityInEvaluationModeAndAtPZero() {
        Dropout dropout = new Dropout(0.9f, new Rng(1));
        dropout.eval();
        assertThat(dropout.forward(ONES)).isSameAs(ONES);
        assertThat(new Dropout(0f, new Rng(1)).forward(ONES)).isSameAs(ONES);
    }

    @Test
    void pOneDropsEverything() {
        assertThat(new Dropout(1f, new Rng(1)).forward(ONES).value().toArray()).containsOnly(0f);
    }

    @Test
    void rejectsAProbabilityOutsideZeroOne() {
        assertThatThrownBy(() -> new Dropout(1.5f, new Rng(1))).hasMessage("Dropout: probability 1.5 is not in [0, 1]");
        assertThatThrownBy(() -> new Dropout(Float.NaN, new Rng(1))).hasMessageContaining("not in [0, 1]");
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        // A fresh layer with one seed per call, so every evaluation draws the same mask.
        assertThat(GradCheck.check(v -> new Dropout(0.4f, new Rng(8)).forward(v[0]), Tensor.randn(new Rng(2), 3, 5))
                        .maxRelativeError())
                .isLessThan(5e-3);
    }

    @Test
    void theGradientGoesThroughTheForwardsMaskWithoutStoringIt() {
        Variable x = Variable.parameter(Tensor.randn(new Rng(3), 40, 70));
        Variable y = new Dropout(0.3f, new Rng(11)).forward(x);
        Tensor upstream = Tensor.randn(new Rng(4), 40, 70);
        y.backward(upstream, false);
        float[] kept = y.value().toArray();
        float[] xs = x.value().toArray();
        float[] up = upstream.toArray();
        float[] grad = x.grad().toArray();
        for (int i = 0; i < kept.length; i++) {
            float m = kept[i] == 0f ? 0f : 1f / (1f - 0.3f);
            assertThat(kept[i]).isEqualTo(xs[i] * m);
            assertThat(grad[i]).isEqualTo(up[i] * m);
        }
    }
}
