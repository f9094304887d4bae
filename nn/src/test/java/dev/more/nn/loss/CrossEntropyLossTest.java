package dev.more.nn.loss;

import static dev.more.nn.optim.TorchReference.assertClose;
import static dev.more.nn.optim.TorchReference.floats;
import static dev.more.nn.optim.TorchReference.ints;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.more.autograd.GradCheck;
import dev.more.autograd.Variable;
import dev.more.nn.optim.TorchReference;
import dev.more.tensor.Rng;
import dev.more.tensor.ShapeException;
import dev.more.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class CrossEntropyLossTest {
    /**
     * Both sides compute in float32, but exp/log and the summation orders differ between the engine's
     * kernels and PyTorch's, so results agree to a few ulps, not bit for bit; 1e-6 relative is about
     * 8 ulps, and the floor covers gradient entries near zero (softmax of an unlikely class / N).
     */
    private static final double RELATIVE = 1e-6;

    private static final double FLOOR = 1e-2;

    @TestFactory
    List<DynamicTest> lossAndGradientMatchPyTorch() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : TorchReference.load("losses.json").get("cross_entropy")) {
            tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> {
                Variable logits = Variable.parameter(TorchReference.tensor(c.get("logits"), ints(c.get("shape"))));
                CrossEntropyLoss loss = new CrossEntropyLoss(
                        c.get("ignore_index").asInt(), c.get("label_smoothing").asDouble());
                Variable value = loss.compute(logits, ints(c.get("targets")));
                value.backward();
                float expected = (float) c.get("loss").asDouble();
                if (Float.isNaN(expected)) {
                    assertThat(value.value().item()).isNaN();
                } else {
                    assertThat(value.value().item()).isCloseTo(expected, Offset.offset((float) (RELATIVE * expected)));
                }
                assertClose(logits.grad().toArray(), floats(c.get("grad")), RELATIVE, FLOOR, "gradient");
            }));
        }
        return tests;
    }

    @Test
    void gradientsPassGradCheck() {
        Tensor logits2 = Tensor.randn(new Rng(5), 4, 6);
        Tensor logits3 = Tensor.randn(new Rng(6), 2, 3, 5);
        check(CrossEntropyLoss.standard(), logits2, 5, 0, 2, 3);
        check(new CrossEntropyLoss(-100, 0.1), logits2, 5, -100, 2, 1);
        check(new CrossEntropyLoss(4, 0.3), logits3, 4, 0, 2, 1, 4, 3);
    }

    private static void check(CrossEntropyLoss loss, Tensor logits, int... targets) {
        GradCheck.Result r = GradCheck.check(v -> loss.compute(v[0], targets), logits);
        assertThat(r.maxRelativeError()).as("%s: %s", loss, r).isLessThan(5e-3);
    }

    @Test
    void ignoredRowsGetNoGradientAndDoNotCount() {
        Tensor logits = Tensor.randn(new Rng(9), 3, 4);
        Variable all = Variable.parameter(logits);
        CrossEntropyLoss.standard().compute(all, new int[] {2, -100, 1}).backward();
        Variable kept = Variable.parameter(Tensor.concat(0, logits.narrow(0, 0, 1), logits.narrow(0, 2, 1)));
        Variable expected = CrossEntropyLoss.standard().compute(kept, new int[] {2, 1});
        expected.backward();

        assertThat(all.grad().narrow(0, 1, 1).toArray()).containsOnly(0f);
        assertThat(all.grad().narrow(0, 0, 1).toArray())
                .containsExactly(kept.grad().narrow(0, 0, 1).toArray());
        assertThat(all.grad().narrow(0, 2, 1).toArray())
                .containsExactly(kept.grad().narrow(0, 1, 1).toArray());
        assertThat(CrossEntropyLoss.standard()
                        .compute(Variable.constant(logits), new int[] {2, -100, 1})
                        .value()
                        .item())
                .isEqualTo(expected.value().item());
    }

    @Test
    void rejectsBadShapesTargetsAndSmoothing() {
        Variable logits = Variable.constant(Tensor.zeros(2, 3));
        CrossEntropyLoss loss = CrossEntropyLoss.standard();
        assertThatThrownBy(() -> loss.compute(Variable.constant(Tensor.zeros(6)), new int[6]))
                .isInstanceOf(ShapeException.class)
                .hasMessageContaining("crossEntropy: shape [6]");
        assertThatThrownBy(() -> loss.compute(Variable.constant(Tensor.zeros(2, 0)), new int[2]))
                .isInstanceOf(ShapeException.class)
                .hasMessageContaining("C >= 1");
        assertThatThrownBy(() -> loss.compute(logits, new int[] {0, 1, 2}))
                .isInstanceOf(ShapeException.class)
                .hasMessageContaining("3 targets given, one per row (2)");
        assertThatThrownBy(() -> loss.compute(logits, new int[] {0, 3}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("crossEntropy: target 3 at row 1 is not a class index in [0, 3) nor the ignore index -100");
        assertThatThrownBy(() -> loss.compute(logits, new int[] {-1, 0})).hasMessageContaining("target -1 at row 0");
        assertThatThrownBy(() -> new CrossEntropyLoss(-100, 1.5))
                .hasMessage("crossEntropy: label smoothing must be in [0, 1], not 1.5");
        assertThatThrownBy(() -> new CrossEntropyLoss(-100, Double.NaN)).hasMessageContaining("not NaN");
    }
}
