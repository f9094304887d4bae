package dev.more.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.more.tensor.Tensor;
import org.junit.jupiter.api.Test;

class BackwardTest {
    private static Tensor t(float... values) {
        return Tensor.fromArray(values, values.length);
    }

    @Test
    void gradientsAccumulateAcrossUsesAndCalls() {
        Variable x = Variable.parameter(t(1, 2, 3));
        x.mul(x).add(x).sum().backward(); // d/dx (x^2 + x) = 2x + 1
        assertThat(x.grad().toArray()).containsExactly(3, 5, 7);
        x.mul(3f).sum().backward();
        assertThat(x.grad().toArray()).containsExactly(6, 8, 10);
        x.zeroGrad();
        assertThat(x.grad()).isNull();
    }

    @Test
    void diamondGraphVisitsSharedNodesOnce() {
        Variable x = Variable.parameter(t(2));
        Variable y = x.exp();
        y.mul(y).add(y).sum().backward(); // d/dx (e^2x + e^x)
        double e2 = Math.exp(2);
        assertThat((double) x.grad().item()).isCloseTo(2 * e2 * e2 + e2, org.assertj.core.api.Assertions.within(1e-3));
    }

    @Test
    void constantsAndDetachedValuesGetNoGradient() {
        Variable w = Variable.parameter(t(1, 1));
        Variable c = Variable.constant(t(5, 6));
        Variable d = w.mul(2f).detach();
        assertThat(d.requiresGrad()).isFalse();
        w.mul(c).add(d).sum().backward();
        assertThat(w.grad().toArray()).containsExactly(5, 6);
        assertThat(c.grad()).isNull();
    }

    @Test
    void noGradScopeRecordsNothing() {
        Variable w = Variable.parameter(t(1, 2));
        Variable y;
        try (NoGrad ignored = NoGrad.enter()) {
            y = w.mul(w);
            assertThat(NoGrad.active()).isTrue();
        }
        assertThat(NoGrad.active()).isFalse();
        assertThat(y.requiresGrad()).isFalse();
        assertThat(y.isLeaf()).isTrue();
        assertThatThrownBy(() -> y.sum().backward())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not depend on any variable that requires a gradient");
    }

    @Test
    void graphIsFreedUnlessRetained() {
        Variable x = Variable.parameter(t(3));
        Variable y = x.mul(x);
        y.backward(Tensor.ones(1), true);
        y.backward(Tensor.ones(1), false);
        assertThat(x.grad().item()).isEqualTo(12f);
        assertThatThrownBy(() -> y.backward(Tensor.ones(1), false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("graph through 'mul' was freed");
    }

    @Test
    void nonScalarOutputNeedsAGradient() {
        Variable x = Variable.parameter(t(1, 2));
        Variable y = x.mul(2f);
        assertThatThrownBy(y::backward).hasMessageContaining("needs a one-element output, not shape [2]");
        assertThatThrownBy(() -> y.backward(Tensor.ones(3), false)).hasMessageContaining("gradient shape [3] differs");
        y.backward(t(1, 10), false);
        assertThat(x.grad().toArray()).containsExactly(2, 20);
    }

    @Test
    void deepChainsDoNotOverflowTheStack() {
        Variable x = Variable.parameter(t(1));
        Variable y = x;
        for (int i = 0; i < 20_000; i++) {
            y = y.add(0f);
        }
        y.sum().backward();
        assertThat(x.grad().item()).isEqualTo(1f);
    }

    @Test
    void setGradReplacesALeafsGradient() {
        Variable w = Variable.parameter(t(1, 2));
        w.mul(3f).sum().backward();
        w.setGrad(w.grad().mul(0.5f));
        assertThat(w.grad().toArray()).containsExactly(1.5f, 1.5f);
        assertThatThrownBy(() -> w.setGrad(t(1))).hasMessageContaining("gradient shape [1] differs");
        assertThatThrownBy(() -> w.mul(2f).setGrad(t(1, 1))).hasMessageContaining("only a leaf");
    }

    @Test
    void setValueKeepsTheShape() {
        Variable w = Variable.parameter(t(1, 2));
        w.setValue(t(3, 4));
        assertThat(w.value().toArray()).containsExactly(3, 4);
        assertThatThrownBy(() -> w.setValue(t(1))).hasMessageContaining("new shape [1] differs from [2]");
        assertThatThrownBy(() -> w.mul(2f).setValue(t(1, 1))).hasMessageContaining("only a leaf");
    }

    @Test
    void linearGeluHasTheGradientsOfLinearThenGelu() {
        dev.more.tensor.Rng rng = new dev.more.tensor.Rng(3);
        Tensor xv = Tensor.randn(rng, 2, 3, 5);
        Tensor wv = Tensor.randn(rng, 4, 5);
        Tensor bv = Tensor.randn(rng, 4);
        Tensor upstream = Tensor.randn(rng, 2, 3, 4);
        Variable[] fused = {Variable.parameter(xv), Variable.parameter(wv), Variable.parameter(bv)};
        Variable[] composed = {Variable.parameter(xv), Variable.parameter(wv), Variable.parameter(bv)};
        Variable y = fused[0].linearGelu(fused[1], fused[2]);
        Variable z = composed[0].linear(composed[1], composed[2]).gelu();
        assertThat(y.value().toArray()).containsExactly(z.value().toArray());
        y.mul(Variable.constant(upstream)).sum().backward();
        z.mul(Variable.constant(upstream)).sum().backward();
        for (int i = 0; i < 3; i++) {
            assertThat(fused[i].grad().toArray())
                    .as("input %d", i)
                    .containsExactly(composed[i].grad().toArray());
        }
        try (NoGrad ignored = NoGrad.enter()) {
            assertThat(fused[0].linearGelu(fused[1], fused[2]).value().toArray())
                    .containsExactly(z.value().toArray());
        }
    }

    @Test
    void addLayerNormHasTheGradientsOfAddThenLayerNorm() {
        dev.more.tensor.Rng rng = new dev.more.tensor.Rng(4);
        Tensor[] values = {
            Tensor.randn(rng, 2, 3, 6), Tensor.randn(rng, 2, 3, 6), Tensor.randn(rng, 6), Tensor.randn(rng, 6)
        };
        Tensor upstream = Tensor.randn(rng, 2, 3, 6);
        Variable[] fused = new Variable[4];
        Variable[] composed = new Variable[4];
        for (int i = 0; i < 4; i++) {
            fused[i] = Variable.parameter(values[i]);
            composed[i] = Variable.parameter(values[i]);
        }
        Variable y = fused[0].addLayerNorm(fused[1], fused[2], fused[3], 1e-5f);
        Variable z = composed[0].add(composed[1]).layerNorm(composed[2], composed[3], 1e-5f);
        assertThat(y.value().toArray()).containsExactly(z.value().toArray());
        y.mul(Variable.constant(upstream)).sum().backward();
        z.mul(Variable.constant(upstream)).sum().backward();
        for (int i = 0; i < 4; i++) {
            assertThat(fused[i].grad().toArray())
                    .as("input %d", i)
                    .containsExactly(composed[i].grad().toArray());
        }
    }

    @Test
    void feedForwardRecordsTheLinearLayersOnlyWhenAGradientIsNeeded() {
        dev.more.tensor.Rng rng = new dev.more.tensor.Rng(5);
        Tensor[] values = {
            Tensor.randn(rng, 2, 3, 4),
            Tensor.randn(rng, 6, 4),
            Tensor.randn(rng, 6),
            Tensor.randn(rng, 5, 6),
            Tensor.randn(rng, 5)
        };
        Variable[] fused = new Variable[5];
        Variable[] composed = new Variable[5];
        for (int i = 0; i < 5; i++) {
            fused[i] = Variable.parameter(values[i]);
            composed[i] = Variable.parameter(values[i]);
        }
        Variable y = fused[0].feedForward(fused[1], fused[2], fused[3], fused[4]);
        Variable z = composed[0].linearGelu(composed[1], composed[2]).linear(composed[3], composed[4]);
        assertThat(y.value().toArray()).containsExactly(z.value().toArray());
        y.sum().backward();
        z.sum().backward();
        for (int i = 0; i < 5; i++) {
            assertThat(fused[i].grad().toArray())
                    .as("input %d", i)
                    .containsExactly(composed[i].grad().toArray());
        }
        try (NoGrad ignored = NoGrad.enter()) {
            Variable inference = fused[0].feedForward(fused[1], fused[2], fused[3], fused[4]);
            assertThat(inference.requiresGrad()).isFalse();
            assertThat(inference.value().toArray()).containsExactly(z.value().toArray());
        }
    }
}
