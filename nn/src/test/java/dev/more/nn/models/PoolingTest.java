package dev.more.nn.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.more.autograd.GradCheck;
import dev.more.autograd.Variable;
import dev.more.tensor.Rng;
import dev.more.tensor.Tensor;
import org.junit.jupiter.api.Test;

class PoolingTest {
    /** Two sequences of three tokens with two features: token t of sequence b is (10b + t, -(10b + t)). */
    private static final Variable HIDDEN =
            Variable.constant(Tensor.fromArray(new float[] {0, 0, 1, -1, 2, -2, 10, -10, 11, -11, 12, -12}, 2, 3, 2));

    @Test
    void meanAveragesOnlyTheRealTokens() {
        float[] pooled =
                Pooling.mean(HIDDEN, new int[][] {{1, 1, 1}, {1, 1, 0}}).value().toArray();
        assertThat(pooled).containsExactly(1, -1, 10.5f, -10.5f);
    }

    @Test
    void meanWithoutAMaskAveragesEveryToken() {
        assertThat(Pooling.mean(HIDDEN, null).value().toArray()).containsExactly(1, -1, 11, -11);
    }

    @Test
    void anAllPaddingRowPoolsToZerosNotNaN() {
        assertThat(Pooling.mean(HIDDEN, new int[][] {{1, 0, 0}, {0, 0, 0}})
                        .value()
                        .toArray())
                .containsExactly(0, 0, 0, 0);
    }

    @Test
    void clsTakesTheFirstToken() {
        Variable cls = Pooling.cls(HIDDEN);
        assertThat(cls.shape()).containsExactly(2, 2);
        assertThat(cls.value().toArray()).containsExactly(0, 0, 10, -10);
    }

    @Test
    void rejectsWrongShapes() {
        assertThatThrownBy(() -> Pooling.cls(Variable.constant(Tensor.zeros(2, 3))))
                .hasMessageContaining("(batch, seq, hidden)");
        assertThatThrownBy(() -> Pooling.mean(HIDDEN, new int[][] {{1, 1}, {1, 1}}))
                .hasMessage("Pooling.mean: attention mask is 2 x 2, the input ids are 2 x 3");
    }

    @Test
    void meanGradientsMatchFiniteDifferences() {
        int[][] mask = {{1, 0, 1}, {1, 1, 0}};
        assertThat(GradCheck.check(v -> Pooling.mean(v[0], mask), Tensor.randn(new Rng(1), 2, 3, 4))
                        .maxRelativeError())
                .isLessThan(5e-3);
    }
}
