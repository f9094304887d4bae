package dev.more.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.more.tensor.Rng;
import org.junit.jupiter.api.Test;

class TargetMatrixTest {
    @Test
    void factoriesScaleToUnitRootMeanSquare() {
        Rng rng = new Rng(1);
        for (TargetMatrix t : new TargetMatrix[] {
            TargetMatrix.lowRankPlusNoise(32, 4, 0.1, rng),
            TargetMatrix.blockDiagonal(32, 4, 0.01, rng),
            TargetMatrix.monarch(32, 4, 4, rng),
            TargetMatrix.normalized("x", "three and four", 1, 2, new float[] {3, 4})
        }) {
            double sum = 0;
            for (float v : t.values()) {
                sum += v * v;
            }
            assertThat(Math.sqrt(sum / t.values().length)).as(t.name()).isCloseTo(1.0, offset(1e-5));
        }
    }

    @Test
    void structuredTargetsHaveTheirStructure() {
        Rng rng = new Rng(2);
        DenseMatrix lowRank = DenseMatrix.ofFloats(
                32, 32, TargetMatrix.lowRankPlusNoise(32, 4, 0.0, rng).values());
        assertThat(lowRank.rank(1e-5)).isEqualTo(4);
        float[] block = TargetMatrix.blockDiagonal(32, 4, 0.0, rng).values();
        assertThat(block[0 * 32 + 8]).isZero();
        assertThat(block[31 * 32 + 24]).isNotZero();
        DenseMatrix monarch =
                DenseMatrix.ofFloats(32, 32, TargetMatrix.monarch(32, 4, 2, rng).values());
        assertThat(monarch.rank(1e-5)).isEqualTo(8);
    }

    @Test
    void rejectsMalformedMatrices() {
        assertThatThrownBy(() -> new TargetMatrix("t", "d", 2, 2, new float[3]))
                .hasMessageContaining("target 't': 2 x 2 needs 4 entries, got 3");
        assertThatThrownBy(() -> new TargetMatrix("t", "d", 1, 2, new float[] {1, Float.NaN}))
                .hasMessageContaining("target 't': entry (0, 1) is NaN");
        assertThatThrownBy(() -> TargetMatrix.normalized("z", "d", 1, 2, new float[2]))
                .hasMessageContaining("target 'z' is all zeros");
        assertThatThrownBy(() -> TargetMatrix.blockDiagonal(10, 4, 0, new Rng(3)))
                .hasMessageContaining("4 diagonal blocks do not divide size 10");
    }

    @Test
    void valuesAreCopied() {
        float[] v = {1, 2};
        TargetMatrix t = new TargetMatrix("t", "d", 1, 2, v);
        v[0] = 9;
        t.values()[1] = 9;
        assertThat(t.values()).containsExactly(1, 2);
    }
}
