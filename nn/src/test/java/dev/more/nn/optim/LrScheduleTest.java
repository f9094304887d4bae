package dev.more.nn.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.more.autograd.Variable;
import dev.more.tensor.Tensor;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * Expected multipliers are worked out by hand from Hugging Face's formulas: warmup {@code s / w};
 * linear decay {@code (T - s) / (T - w)}; cosine {@code (1 + cos(2 pi c (s - w) / (T - w))) / 2},
 * at steps where the cosine has a closed form.
 */
class LrScheduleTest {
    private static final Offset<Double> EXACT = Offset.offset(1e-15);

    @Test
    void constantIsOne() {
        assertThat(LrSchedule.constant().multiplier(0)).isEqualTo(1.0);
        assertThat(LrSchedule.constant().multiplier(1_000_000)).isEqualTo(1.0);
    }

    @Test
    void linearWarmsUpThenDecaysToZero() {
        LrSchedule s = LrSchedule.linearWithWarmup(10, 110);
        assertThat(s.multiplier(0)).isEqualTo(0.0);
        assertThat(s.multiplier(5)).isEqualTo(0.5);
        assertThat(s.multiplier(10)).isEqualTo(1.0);
        assertThat(s.multiplier(35)).isEqualTo(0.75);
        assertThat(s.multiplier(60)).isEqualTo(0.5);
        assertThat(s.multiplier(110)).isEqualTo(0.0);
        assertThat(s.multiplier(150)).isEqualTo(0.0);
        LrSchedule noWarmup = LrSchedule.linearWithWarmup(0, 4);
        assertThat(noWarmup.multiplier(0)).isEqualTo(1.0);
        assertThat(noWarmup.multiplier(1)).isEqualTo(0.75);
    }

    @Test
    void cosineWarmsUpThenFollowsHalfACosine() {
        LrSchedule s = LrSchedule.cosineWithWarmup(10, 110);
        assertThat(s.multiplier(5)).isEqualTo(0.5);
        assertThat(s.multiplier(10)).isEqualTo(1.0);
        assertThat(s.multiplier(35)).isCloseTo((1 + Math.sqrt(0.5)) / 2, EXACT);
        assertThat(s.multiplier(60)).isCloseTo(0.5, EXACT);
        assertThat(s.multiplier(85)).isCloseTo((1 - Math.sqrt(0.5)) / 2, EXACT);
        assertThat(s.multiplier(110)).isCloseTo(0.0, EXACT);
        // Hugging Face does not stop the cosine at the last step: 1.5 cycles in, it is back at (1+cos(pi/2))/2.
        assertThat(s.multiplier(160)).isCloseTo(0.5, EXACT);
    }

    @Test
    void cosineWithAFullCycleComesBackUp() {
        LrSchedule s = LrSchedule.cosineWithWarmup(0, 100, 1.0);
        assertThat(s.multiplier(25)).isCloseTo(0.5, EXACT);
        assertThat(s.multiplier(50)).isCloseTo(0.0, EXACT);
        assertThat(s.multiplier(100)).isCloseTo(1.0, EXACT);
    }

    @Test
    void applySetsTheScaledRate() {
        Sgd sgd = new Sgd(List.of(Variable.parameter(Tensor.ones(1))), SgdOptions.of(0.1));
        LrSchedule.linearWithWarmup(4, 8).apply(sgd, 0.2, 1);
        assertThat(sgd.learningRate()).isEqualTo(0.05);
    }

    @Test
    void rejectsNegativeStepsAndCounts() {
        assertThatThrownBy(() -> LrSchedule.linearWithWarmup(1, 2).multiplier(-1))
                .hasMessage("schedule: step must be >= 0, not -1");
        assertThatThrownBy(() -> LrSchedule.cosineWithWarmup(-1, 2))
                .hasMessage("schedule: warmup and total step counts must be >= 0, not -1 and 2");
        assertThatThrownBy(() -> LrSchedule.cosineWithWarmup(1, 2, Double.NaN)).hasMessageContaining("cycles");
    }
}
