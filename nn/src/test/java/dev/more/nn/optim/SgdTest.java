package dev.more.nn.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.more.autograd.Variable;
import dev.more.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** SGD behaviour beyond the PyTorch trajectories of {@link TorchTrajectoryTest}. */
class SgdTest {
    @Test
    void momentumMinimisesAQuadratic() {
        Variable x = Variable.parameter(Tensor.zeros(3));
        Quadratic f = new Quadratic();
        f.minimise(new Sgd(List.of(x), SgdOptions.of(0.05).withMomentum(0.9)), x, 300);
        assertThat(x.value().toArray()).containsExactly(Quadratic.MINIMUM, Offset.offset(1e-4f));
    }

    @Test
    void plainStepIsParameterMinusLearningRateTimesGradient() {
        Variable x = Variable.parameter(Tensor.fromArray(new float[] {1f, -2f}, 2));
        x.mul(Variable.constant(Tensor.fromArray(new float[] {3f, 0.5f}, 2)))
                .sum()
                .backward();
        new Sgd(List.of(x), SgdOptions.of(0.25)).step();
        assertThat(x.value().toArray()).containsExactly(1f - 0.75f, -2f - 0.125f);
    }

    @Test
    void parametersWithoutGradientAreLeftAlone() {
        Variable used = Variable.parameter(Tensor.ones(2));
        Variable unused = Variable.parameter(Tensor.ones(2));
        Sgd sgd = new Sgd(
                List.of(used, unused), SgdOptions.of(0.1).withMomentum(0.9).withWeightDecay(0.1));
        used.sum().backward();
        sgd.step();
        assertThat(unused.value().toArray()).containsExactly(1f, 1f);
        assertThat(sgd.exportState().tensors()).containsOnlyKeys("0.momentum_buffer");
        assertThat(sgd.stepCount()).isEqualTo(1);
    }

    @Test
    void zeroGradClearsEveryGradient() {
        Variable x = Variable.parameter(Tensor.ones(2));
        Sgd sgd = new Sgd(List.of(x), SgdOptions.of(0.1));
        x.sum().backward();
        sgd.zeroGrad();
        assertThat(x.grad()).isNull();
    }

    @Test
    void stateImportedIntoAFreshOptimizerResumesBitForBit() {
        SgdOptions options =
                SgdOptions.of(0.05).withMomentum(0.9).withNesterov(true).withWeightDecay(0.01);
        Quadratic f = new Quadratic();
        Variable straight = Variable.parameter(Tensor.zeros(3));
        f.minimise(new Sgd(List.of(straight), options), straight, 7);

        Variable first = Variable.parameter(Tensor.zeros(3));
        Sgd before = new Sgd(List.of(first), options);
        f.minimise(before, first, 3);
        Variable resumed = Variable.parameter(first.value());
        Sgd after = new Sgd(List.of(resumed), options);
        after.importState(before.exportState());
        f.minimise(after, resumed, 4);

        assertThat(resumed.value().toArray()).containsExactly(straight.value().toArray());
        assertThat(after.stepCount()).isEqualTo(7);
    }

    @Test
    void rejectsBadOptionsAndParameterLists() {
        Variable x = Variable.parameter(Tensor.ones(2));
        assertThatThrownBy(() -> SgdOptions.of(-0.1))
                .hasMessage("Sgd: learning rate must be finite and >= 0, not -0.1");
        assertThatThrownBy(() -> SgdOptions.of(0.1).withMomentum(-1)).hasMessageContaining("momentum must be");
        assertThatThrownBy(() -> SgdOptions.of(0.1).withWeightDecay(Double.NaN)).hasMessageContaining("weight decay");
        assertThatThrownBy(() -> SgdOptions.of(0.1).withNesterov(true))
                .hasMessage(
                        "Sgd: Nesterov momentum needs momentum > 0 and dampening 0, not momentum 0.0 and dampening 0.0");
        assertThatThrownBy(() -> new Sgd(List.of(), SgdOptions.of(0.1))).hasMessage("Sgd: the parameter list is empty");
        assertThatThrownBy(() -> new Sgd(List.of(x, x), SgdOptions.of(0.1)))
                .hasMessage("Sgd: parameter 1 appears twice in the list");
        assertThatThrownBy(() -> new Sgd(List.of(x.mul(2f)), SgdOptions.of(0.1)))
                .hasMessage("Sgd: parameter 0 is the result of an op, not a leaf");
        Sgd sgd = new Sgd(List.of(x), SgdOptions.of(0.1));
        assertThatThrownBy(() -> sgd.setLearningRate(Double.POSITIVE_INFINITY))
                .hasMessage("Sgd: learning rate must be finite and >= 0, not Infinity");
        assertThatThrownBy(() -> sgd.importState(new OptimizerState(1, Map.of("0.exp_avg", Tensor.zeros(2)))))
                .hasMessage("Sgd state: '0.exp_avg' has an unknown slot; Sgd keeps [momentum_buffer]");
    }
}
