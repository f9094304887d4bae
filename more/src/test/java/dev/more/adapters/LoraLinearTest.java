package dev.more.adapters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.more.autograd.Variable;
import dev.more.nn.layers.Linear;
import dev.more.tensor.Rng;
import dev.more.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoraLinearTest {
    @Test
    void namesParametersAsPeftAndStartsAtZeroUpdate() {
        Rng rng = new Rng(30);
        Linear base = new Linear(20, 10, true, rng);
        LoraLinear lora = new LoraLinear(base, 4, 2f, 0f, LoraInit.KAIMING, rng);
        assertThat(lora.namedParameters().keySet()).containsExactly("weight", "bias", "lora_A.weight", "lora_B.weight");
        assertThat(lora.loraA().shape()).containsExactly(4, 20);
        assertThat(lora.loraB().shape()).containsExactly(10, 4);
        assertThat(lora.loraB().value().toArray()).containsOnly(0f);
        float bound = (float) (1 / Math.sqrt(20));
        for (float v : lora.loraA().value().toArray()) {
            assertThat(Math.abs(v)).isLessThanOrEqualTo(bound);
        }
        Tensor x = Tensor.randn(rng, 3, 20);
        assertThat(lora.forward(Variable.constant(x)).value().toArray())
                .containsExactly(base.forward(Variable.constant(x)).value().toArray());
        assertThat(lora.adapterParameterCount()).isEqualTo(4 * (20 + 10));
    }

    @Test
    void gaussianInitHasStandardDeviationOneOverR() {
        Rng rng = new Rng(31);
        LoraLinear lora = new LoraLinear(new Linear(256, 8, false, rng), 8, 8f, 0f, LoraInit.GAUSSIAN, rng);
        float[] a = lora.loraA().value().toArray();
        double sumSq = 0;
        for (float v : a) {
            sumSq += v * v;
        }
        // 2048 draws of N(0, 1/64): the sample standard deviation is within 5% of 1/8.
        assertThat(Math.sqrt(sumSq / a.length)).isCloseTo(1.0 / 8, offset(0.05 / 8));
    }

    @Test
    void forwardIsBasePlusScaledBAx() {
        Rng rng = new Rng(32);
        Linear base = new Linear(6, 5, true, rng);
        LoraConfig config = LoraConfig.defaults().withRank(4, 16f).withRslora(true);
        assertThat(config.scaling()).isEqualTo(8f);
        assertThat(config.withRslora(false).scaling()).isEqualTo(4f);
        LoraLinear lora = LoraLinear.of(base, config, rng);
        Tensor a = Tensor.randn(rng, 4, 6);
        Tensor b = Tensor.randn(rng, 5, 4);
        lora.loraA().setValue(a);
        lora.loraB().setValue(b);
        Tensor x = Tensor.randn(rng, 2, 6);
        Tensor expected = base.forward(Variable.constant(x))
                .value()
                .add(x.matmul(a.transpose(0, 1)).matmul(b.transpose(0, 1)).mul(8f));
        float[] actual = lora.forward(Variable.constant(x)).value().toArray();
        float[] want = expected.toArray();
        for (int i = 0; i < want.length; i++) {
            assertThat(actual[i]).isCloseTo(want[i], offset(1e-5f * (1 + Math.abs(want[i]))));
        }
    }

    @Test
    void dropoutActsOnTheInputInTrainingOnly() {
        Rng rng = new Rng(33);
        Linear base = new Linear(64, 1, false, rng);
        base.weight().setValue(Tensor.zeros(1, 64));
        LoraLinear lora = new LoraLinear(base, 1, 1f, 0.5f, LoraInit.KAIMING, rng);
        lora.loraA().setValue(Tensor.ones(1, 64));
        lora.loraB().setValue(Tensor.ones(1, 1));
        Variable x = Variable.constant(Tensor.ones(1, 64));
        // d/dA of the output is dropout(x): each input dropped (0) or kept and scaled by 1/(1-p) = 2.
        lora.forward(x).sum().backward();
        float[] mask = lora.loraA().grad().toArray();
        assertThat(mask).containsOnly(0f, 2f).contains(0f, 2f);
        lora.zeroGrad();
        lora.eval();
        lora.forward(x).sum().backward();
        assertThat(lora.loraA().grad().toArray()).containsOnly(1f);
    }

    @Test
    void mergeAndUnmergeRoundTrip() {
        Rng rng = new Rng(34);
        Linear base = new Linear(12, 9, true, rng);
        LoraLinear lora = new LoraLinear(base, 3, 6f, 0f, LoraInit.KAIMING, rng);
        lora.loraB().setValue(Tensor.randn(rng, 9, 3));
        float[] original = base.weight().value().toArray();
        Tensor x = Tensor.randn(rng, 4, 12);
        float[] adapted = lora.forward(Variable.constant(x)).value().toArray();
        float[] delta = lora.deltaWeight().toArray();
        lora.merge();
        float[] merged = lora.forward(Variable.constant(x)).value().toArray();
        for (int i = 0; i < adapted.length; i++) {
            assertThat(merged[i]).isCloseTo(adapted[i], offset(1e-5f * (1 + Math.abs(adapted[i]))));
        }
        lora.unmerge();
        float[] restored = base.weight().value().toArray();
        for (int i = 0; i < original.length; i++) {
            // Two roundings, half an ulp of |w + d| and of |w|: at most an ulp of |w| + |d|.
            double ulp = Math.ulp(Math.abs(original[i]) + Math.abs(delta[i]));
            assertThat(Math.abs((double) restored[i] - original[i])).isLessThanOrEqualTo(ulp);
        }
        lora.loraB().setValue(Tensor.full(Float.MAX_VALUE, 9, 3));
        assertThatThrownBy(lora::merge)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("LoraLinear(12 -> 9, r=3)")
                .hasMessageContaining("Infinity");
    }

    @Test
    void freezingTheBaseLeavesOnlyTheFactorsWithGradients() {
        Rng rng = new Rng(35);
        Linear base = new Linear(5, 4, true, rng);
        base.requiresGrad(false);
        LoraLinear lora = new LoraLinear(base, 2, 2f, 0f, LoraInit.KAIMING, rng);
        lora.loraB().setValue(Tensor.randn(rng, 4, 2));
        lora.forward(Variable.constant(Tensor.randn(rng, 3, 5))).sum().backward();
        for (var p : List.of(lora.loraA(), lora.loraB())) {
            assertThat(p.grad()).isNotNull();
        }
        assertThat(base.weight().grad()).isNull();
        assertThat(base.bias().grad()).isNull();
    }

    @Test
    void rejectsBadArguments() {
        Rng rng = new Rng(36);
        Linear base = new Linear(5, 4, true, rng);
        assertThatThrownBy(() -> new LoraLinear(base, 0, 1f, 0f, LoraInit.KAIMING, rng))
                .hasMessageContaining("rank must be >= 1, got 0");
        assertThatThrownBy(() -> new LoraLinear(base, 2, Float.NaN, 0f, LoraInit.KAIMING, rng))
                .hasMessageContaining("scaling must be finite");
        assertThatThrownBy(() -> LoraConfig.defaults().withRank(0, 1f)).hasMessageContaining("r must be >= 1");
        assertThatThrownBy(() -> LoraConfig.defaults().withDropout(-0.1f)).hasMessageContaining("[0, 1)");
    }
}
