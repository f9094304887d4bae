package dev.more.nn.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.more.autograd.Variable;
import dev.more.nn.ModuleGradCheck;
import dev.more.tensor.IndexOutOfRangeException;
import dev.more.tensor.Rng;
import dev.more.tensor.Tensor;
import org.junit.jupiter.api.Test;

class EmbeddingTest {
    /** Four vectors of three: row i holds 3i, 3i+1, 3i+2. */
    private static Embedding counting(int paddingIndex) {
        Embedding e = new Embedding(4, 3, paddingIndex, new Rng(0));
        e.weight().setValue(Tensor.arange(12).reshape(4, 3));
        return e;
    }

    @Test
    void looksUpRowsById() {
        assertThat(counting(-1).forward(2, 0, 2).value().toArray()).containsExactly(6, 7, 8, 0, 1, 2, 6, 7, 8);
    }

    @Test
    void looksUpAGridAsBatchBySequence() {
        Variable out = counting(-1).forward(new int[][] {{1, 3}, {0, 1}});
        assertThat(out.shape()).containsExactly(2, 2, 3);
        assertThat(out.value().toArray()).containsExactly(3, 4, 5, 9, 10, 11, 0, 1, 2, 3, 4, 5);
    }

    @Test
    void initialisesFromAStandardNormal() {
        float[] w = new Embedding(100, 20, new Rng(5)).weight().value().toArray();
        double sum = 0;
        double squares = 0;
        for (float v : w) {
            sum += v;
            squares += v * v;
        }
        double mean = sum / w.length;
        assertThat(mean).isBetween(-0.1, 0.1);
        assertThat(squares / w.length - mean * mean).isBetween(0.9, 1.1);
    }

    @Test
    void thePaddingRowStartsAtZeroAndGetsNoGradientButKeepsItsValue() {
        assertThat(new Embedding(4, 3, 1, new Rng(9))
                        .weight()
                        .value()
                        .narrow(0, 1, 1)
                        .toArray())
                .containsExactly(0f, 0f, 0f);
        Embedding e = counting(1);
        Variable out = e.forward(1, 2, 1);
        assertThat(out.value().toArray()).containsExactly(3, 4, 5, 6, 7, 8, 3, 4, 5);
        out.sum().backward();
        assertThat(e.weight().grad().toArray()).containsExactly(0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0);
    }

    @Test
    void rejectsIdsOutOfRangeAndRaggedGrids() {
        Embedding e = counting(-1);
        assertThatThrownBy(() -> e.forward(1, 4))
                .isInstanceOf(IndexOutOfRangeException.class)
                .hasMessage("Embedding: index 4 is not a whole number in [0, 4)");
        assertThatThrownBy(() -> e.forward(-1)).isInstanceOf(IndexOutOfRangeException.class);
        assertThatThrownBy(() -> e.forward(new int[][] {{1, 2}, {1}}))
                .hasMessage("Embedding: ids row 1 has length 1, row 0 has 2; pad rows to one length");
        assertThatThrownBy(() -> e.forward(new int[0][])).hasMessage("Embedding: ids must have at least one row");
        assertThatThrownBy(() -> new Embedding(4, 3, 4, new Rng(0))).hasMessageContaining("padding index 4");
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Embedding e = new Embedding(4, 3, new Rng(1));
        int[][] ids = {{0, 2, 2}, {1, 0, 3}};
        assertThat(ModuleGradCheck.checkParameters(e, () -> e.forward(ids)).maxRelativeError())
                .isLessThan(5e-3);
    }
}
