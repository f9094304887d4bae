package dev.more.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class EvaluationTest {
    @Test
    void accuracyMacroF1AndConfusionByTheDefinitions() {
        // Per class: F1 = 2 TP / (predicted + actual): class 0 2*1/(2+2) = 0.5, class 1 2*2/(3+2) = 0.8,
        // class 2 2*1/(1+2) = 2/3; macro-F1 = (0.5 + 0.8 + 2/3) / 3.
        Evaluation e = Evaluation.of(new int[] {0, 0, 1, 1, 2, 2}, new int[] {0, 1, 1, 1, 0, 2}, 3, 3.0);
        assertThat(e.accuracy()).isEqualTo(4.0 / 6);
        assertThat(e.macroF1()).isCloseTo((0.5 + 0.8 + 2.0 / 3) / 3, within(1e-12));
        assertThat(e.loss()).isEqualTo(0.5);
        assertThat(e.confusion()).isDeepEqualTo(new int[][] {{1, 1, 0}, {0, 2, 0}, {1, 0, 1}});
        assertThat(e.count()).isEqualTo(6);
    }

    @Test
    void aClassNeitherPresentNorPredictedCountsZero() {
        Evaluation e = Evaluation.of(new int[] {0, 1}, new int[] {0, 1}, 3, 0);
        assertThat(e.accuracy()).isEqualTo(1.0);
        assertThat(e.macroF1()).isCloseTo(2.0 / 3, within(1e-12));
    }

    @Test
    void rejectsMismatchedOrEmptyInput() {
        assertThatThrownBy(() -> Evaluation.of(new int[] {0}, new int[] {0, 1}, 2, 0))
                .hasMessage("1 labels and 2 predictions; expected the same non-zero count");
        assertThatThrownBy(() -> Evaluation.of(new int[0], new int[0], 2, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
