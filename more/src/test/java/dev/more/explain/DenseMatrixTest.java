package dev.more.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DenseMatrixTest {
    @Test
    void multipliesTransposesAndReordersRows() {
        DenseMatrix a = DenseMatrix.of(2, 3, 1, 2, 3, 4, 5, 6);
        DenseMatrix b = DenseMatrix.of(3, 2, 7, 8, 9, 10, 11, 12);
        // By hand: [1 2 3; 4 5 6] · [7 8; 9 10; 11 12] = [58 64; 139 154].
        assertThat(a.times(b).values()).containsExactly(58, 64, 139, 154);
        assertThat(a.transpose().values()).containsExactly(1, 4, 2, 5, 3, 6);
        assertThat(a.rowsInOrder(new int[] {1, 0}).values()).containsExactly(4, 5, 6, 1, 2, 3);
        assertThat(a.maxAbs()).isEqualTo(6);
        assertThat(a.frobenius()).isCloseTo(Math.sqrt(91), offset(1e-12));
    }

    @Test
    void permutationPutsEachEntryWhereItsDestinationSays() {
        DenseMatrix p = DenseMatrix.permutation(new int[] {2, 0, 1});
        DenseMatrix v = DenseMatrix.of(3, 1, 10, 20, 30);
        assertThat(p.times(v).values()).containsExactly(20, 30, 10);
    }

    @Test
    void rankCountsTheSingularValuesThatMatter() {
        Random random = new Random(1);
        int n = 12;
        double[] u = new double[n * 3];
        double[] w = new double[3 * n];
        for (int i = 0; i < u.length; i++) {
            u[i] = random.nextGaussian();
            w[i] = random.nextGaussian();
        }
        DenseMatrix rank3 = DenseMatrix.of(n, 3, u).times(DenseMatrix.of(3, n, w));
        assertThat(rank3.rank(RankTable.RANK_TOLERANCE)).isEqualTo(3);
        assertThat(rank3.singularValues()).hasSize(n);
        assertThat(DenseMatrix.of(2, 2, 3, 0, 0, -2).singularValues()).containsExactly(3, 2);
    }

    @Test
    void rejectsBadSizesIndicesAndNonPermutations() {
        assertThatThrownBy(() -> DenseMatrix.of(2, 2, 1, 2, 3))
                .hasMessageContaining("a 2 x 2 matrix needs positive sizes and 4 entries; got 3");
        assertThatThrownBy(() -> DenseMatrix.of(2, 3, new double[6]).times(DenseMatrix.of(2, 3, new double[6])))
                .hasMessageContaining("cannot multiply a 2 x 3 matrix by a 2 x 3 one");
        assertThatThrownBy(() -> DenseMatrix.permutation(new int[] {0, 0, 1}))
                .hasMessageContaining("not a permutation of 0..2: [0, 0, 1]");
        assertThatThrownBy(() -> DenseMatrix.permutation(new int[] {0, 3, 1}))
                .hasMessageContaining("not a permutation");
        assertThatThrownBy(() -> DenseMatrix.of(2, 2, new double[4]).get(2, 0)).hasMessageContaining("(2, 0) outside");
        assertThatThrownBy(() -> DenseMatrix.of(2, 2, new double[4]).rowsInOrder(new int[] {5}))
                .hasMessageContaining("row 5 of a 2-row matrix");
    }
}
