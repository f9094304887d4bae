package dev.more.nn.loss;

import static dev.more.nn.optim.TorchReference.assertClose;
import static dev.more.nn.optim.TorchReference.floats;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.more.autograd.GradCheck;
import dev.more.autograd.Variable;
import dev.more.nn.optim.TorchReference;
import dev.more.tensor.Rng;
import dev.more.tensor.ShapeException;
import dev.more.tensor.Tensor;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class MseLossTest {
    @Test
    void lossAndGradientMatchPyTorch() {
        JsonNode c = TorchReference.load("losses.json").get("mse");
        Variable prediction = Variable.parameter(TorchReference.tensor(c.get("prediction"), 2, 3));
        Variable loss = MseLoss.compute(prediction, TorchReference.tensor(c.get("target"), 2, 3));
        loss.backward();
        float expected = (float) c.get("loss").asDouble();
        // float32 on both sides; only the summation order differs.
        assertThat(loss.value().item()).isCloseTo(expected, Offset.offset(1e-6f * expected));
        assertClose(prediction.grad().toArray(), floats(c.get("grad")), 1e-6, 1e-2, "gradient");
    }

    @Test
    void gradientsReachBothOperands() {
        GradCheck.Result r = GradCheck.check(
                v -> MseLoss.compute(v[0], v[1]), Tensor.randn(new Rng(1), 3, 4), Tensor.randn(new Rng(2), 3, 4));
        assertThat(r.maxRelativeError()).as("%s", r).isLessThan(5e-3);
    }

    @Test
    void rejectsDifferentShapes() {
        assertThatThrownBy(() -> MseLoss.compute(Variable.constant(Tensor.zeros(2, 3)), Tensor.zeros(3)))
                .isInstanceOf(ShapeException.class)
                .hasMessage("mseLoss: shapes [2, 3] and [3]: prediction and target must have the same shape");
    }
}
