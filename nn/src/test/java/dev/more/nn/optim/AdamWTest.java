package dev.more.nn.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.more.autograd.Variable;
import dev.more.tensor.Tensor;
import dev.more.tensor.io.SafeTensors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AdamW behaviour beyond the PyTorch trajectories of {@link TorchTrajectoryTest}. */
class AdamWTest {
    private static final AdamWOptions OPTIONS =
            AdamWOptions.defaults().withLearningRate(0.05).withWeightDecay(0);

    @Test
    void minimisesAQuadratic() {
        Variable x = Variable.parameter(Tensor.zeros(3));
        Quadratic f = new Quadratic();
        AdamW adamW = new AdamW(List.of(x), OPTIONS);
        f.minimise(adamW, x, 400);
        // Adam's steps stay of the order of the rate however small the gradient; a smaller rate settles x.
        adamW.setLearningRate(0.002);
        f.minimise(adamW, x, 100);
        assertThat(x.value().toArray()).containsExactly(Quadratic.MINIMUM, Offset.offset(1e-3f));
    }

    @Test
    void firstStepMovesEachCoordinateByTheLearningRate() {
        // At t = 1, mhat = g and vhat = g^2, so the step is lr * g / (|g| + eps): lr against the sign.
        Variable x = Variable.parameter(Tensor.fromArray(new float[] {1f, 1f}, 2));
        x.mul(Variable.constant(Tensor.fromArray(new float[] {4f, -0.5f}, 2)))
                .sum()
                .backward();
        new AdamW(List.of(x), AdamWOptions.defaults().withLearningRate(0.1).withWeightDecay(0)).step();
        assertThat(x.value().toArray()).containsExactly(new float[] {0.9f, 1.1f}, Offset.offset(1e-6f));
    }

    @Test
    void weightDecayIsDecoupledFromTheGradient() {
        // A zero gradient leaves m = v = 0, so the only change is p * (1 - lr * wd).
        Variable x = Variable.parameter(Tensor.fromArray(new float[] {2f, -4f}, 2));
        x.mul(Variable.constant(Tensor.zeros(2))).sum().backward();
        new AdamW(List.of(x), AdamWOptions.defaults().withLearningRate(0.1).withWeightDecay(0.5)).step();
        assertThat(x.value().toArray()).containsExactly(2f * 0.95f, -4f * 0.95f);
    }

    @Test
    void skippedParametersKeepTheirOwnStepCount() {
        Variable always = Variable.parameter(Tensor.ones(2));
        Variable sometimes = Variable.parameter(Tensor.ones(2));
        AdamW adamW = new AdamW(List.of(always, sometimes), OPTIONS);
        for (int step = 0; step < 3; step++) {
            adamW.zeroGrad();
            Variable loss = always.sum();
            if (step == 1) {
                loss = loss.add(sometimes.sum());
            }
            loss.backward();
            adamW.step();
        }
        Map<String, Tensor> state = adamW.exportState().tensors();
        assertThat(state.get("0.step").item()).isEqualTo(3f);
        assertThat(state.get("1.step").item()).isEqualTo(1f);
        assertThat(adamW.stepCount()).isEqualTo(3);
    }

    @Test
    void stateSavedAsSafetensorsResumesBitForBit(@TempDir Path dir) throws IOException {
        Quadratic f = new Quadratic();
        AdamWOptions options = OPTIONS.withWeightDecay(0.01);
        Variable straight = Variable.parameter(Tensor.zeros(3));
        f.minimise(new AdamW(List.of(straight), options), straight, 8);

        Variable first = Variable.parameter(Tensor.zeros(3));
        AdamW before = new AdamW(List.of(first), options);
        f.minimise(before, first, 5);
        Path file = dir.resolve("optimizer.safetensors");
        OptimizerState saved = before.exportState();
        SafeTensors.write(file, saved.tensors(), Map.of("step_count", Long.toString(saved.stepCount())));

        Variable resumed = Variable.parameter(first.value());
        AdamW after = new AdamW(List.of(resumed), options);
        after.importState(new OptimizerState(
                Long.parseLong(SafeTensors.open(file).metadata().get("step_count")), SafeTensors.read(file)));
        f.minimise(after, resumed, 3);

        assertThat(resumed.value().toArray()).containsExactly(straight.value().toArray());
    }

    @Test
    void rejectedStateNamesTheEntryAndChangesNothing() {
        Variable x = Variable.parameter(Tensor.ones(2, 3));
        AdamW adamW = new AdamW(List.of(x), OPTIONS);
        x.sum().backward();
        adamW.step();
        OptimizerState good = adamW.exportState();

        assertRejected(
                adamW,
                good,
                "0.exp_avg",
                Tensor.zeros(3, 2),
                "AdamW state: '0.exp_avg' has shape [3, 2] but needs [2, 3]");
        assertRejected(
                adamW,
                good,
                "1.exp_avg",
                Tensor.zeros(2, 3),
                "AdamW state: '1.exp_avg' names parameter 1, but there are 1");
        assertRejected(
                adamW,
                good,
                "0.momentum_buffer",
                Tensor.zeros(2, 3),
                "AdamW state: '0.momentum_buffer' has an unknown slot; AdamW keeps [step, exp_avg, exp_avg_sq]");
        assertRejected(
                adamW, good, "exp_avg", Tensor.zeros(2, 3), "AdamW state: 'exp_avg' is not <parameter index>.<slot>");
        assertRejected(
                adamW,
                good,
                "0.step",
                Tensor.scalar(1.5f),
                "AdamW state: '0.step' is 1.5, not a whole number in [1, step count 1]");
        assertRejected(
                adamW,
                good,
                "0.step",
                Tensor.scalar(2f),
                "AdamW state: '0.step' is 2.0, not a whole number in [1, step count 1]");
        Map<String, Tensor> partial = new LinkedHashMap<>(good.tensors());
        partial.remove("0.exp_avg_sq");
        assertThatThrownBy(() -> adamW.importState(new OptimizerState(1, partial)))
                .hasMessage("AdamW state: parameter 0 has [step, exp_avg] but lacks '0.exp_avg_sq'");
        assertThat(adamW.exportState().tensors()).isEqualTo(good.tensors());
    }

    private static void assertRejected(AdamW adamW, OptimizerState good, String name, Tensor value, String message) {
        Map<String, Tensor> tensors = new LinkedHashMap<>(good.tensors());
        tensors.put(name, value);
        assertThatThrownBy(() -> adamW.importState(new OptimizerState(good.stepCount(), tensors)))
                .hasMessage(message);
        assertThat(adamW.exportState().tensors()).isEqualTo(good.tensors());
    }

    @Test
    void rejectsBadOptions() {
        assertThatThrownBy(() -> AdamWOptions.defaults().withBetas(0.9, 1.0))
                .hasMessage("AdamW: beta2 must be in [0, 1), not 1.0");
        assertThatThrownBy(() -> AdamWOptions.defaults().withBetas(-0.1, 0.9)).hasMessageContaining("beta1");
        assertThatThrownBy(() -> AdamWOptions.defaults().withEps(-1e-8)).hasMessageContaining("eps");
        assertThatThrownBy(() -> AdamWOptions.defaults().withWeightDecay(-1)).hasMessageContaining("weight decay");
        assertThatThrownBy(() -> new OptimizerState(-1, Map.of())).hasMessageContaining("step count must be >= 0");
    }
}
