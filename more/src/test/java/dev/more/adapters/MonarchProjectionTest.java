package dev.more.adapters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.more.kernels.MoReShape;
import dev.more.tensor.Rng;
import dev.more.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MonarchProjectionTest {
    private static final MoReShape[] SHAPES = {
        MoReShape.of(12, 12, 4, 4, 0), // square, blk_r = k: every sub-block rank 1
        MoReShape.of(10, 7, 3, 2, 0), // rectangular, padded, blk_r < k: some sub-blocks rank 0
        MoReShape.of(6, 13, 2, 3, 0), // wider output, blk_r > k: sub-blocks of rank 1 and 2
        MoReShape.of(9, 5, 0, 3, 4), // blk_sz given
        MoReShape.of(16, 24, 4, 2, 0),
    };

    @Test
    void denseMatrixAgreesWithTheExplicitPermutationConstruction() {
        Rng rng = new Rng(4);
        for (MoReShape s : SHAPES) {
            float[] w1 = Tensor.randn(rng, s.blkdiag1Size()).toArray();
            float[] w2 = Tensor.randn(rng, s.blkdiag2Size()).toArray();
            double[][] expected = new DenseMoRe(s, w1, w2).matrix();
            double[] actual = MonarchProjection.dense(s, w1, w2);
            for (int o = 0; o < s.out(); o++) {
                for (int i = 0; i < s.in(); i++) {
                    assertThat(actual[o * s.in() + i])
                            .as("%s (%d, %d)", s, o, i)
                            .isCloseTo(expected[o][i], offset(1e-12));
                }
            }
        }
    }

    @Test
    void projectingAMoReProductRecoversIt() {
        Rng rng = new Rng(5);
        for (MoReShape s : SHAPES) {
            float[] w1 = Tensor.randn(rng, s.blkdiag1Size()).toArray();
            float[] w2 = Tensor.randn(rng, s.blkdiag2Size()).toArray();
            float[] w = DenseMoRe.flat(new DenseMoRe(s, w1, w2).matrix());
            MonarchProjection.Result result = MonarchProjection.project(w, s.out(), s.in(), s);
            // The factors differ (SVD fixes their scale and sign), the product does not: float32 rounding only.
            assertThat(result.relativeError()).as("%s", s).isLessThan(1e-6);
            assertThat(result.blkdiag1().shape()).containsExactly(s.blocks(), s.blkR(), s.inBlk());
            assertThat(result.blkdiag2().shape()).containsExactly(s.blocks(), s.outBlk(), s.blkR());
        }
    }

    @Test
    void oneBlockIsTheBestRankRApproximation() {
        Random random = new Random(6);
        int out = 9;
        int in = 7;
        double[] sigma = {6, 5, 3, 1, 0.5, 0.25, 0.125};
        double[] w = SvdTest.compose(
                SvdTest.orthonormal(random, out, 7), sigma, SvdTest.orthonormal(random, in, 7), out, in);
        float[] wf = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            wf[i] = (float) w[i];
        }
        double norm = 0;
        for (double s : sigma) {
            norm += s * s;
        }
        for (int rank = 1; rank <= 4; rank++) {
            MoReShape shape = MoReShape.of(in, out, 1, rank, 0);
            double tail = 0;
            for (int c = rank; c < sigma.length; c++) {
                tail += sigma[c] * sigma[c];
            }
            double result = MonarchProjection.project(wf, out, in, shape).relativeError();
            // Eckart–Young: the tail singular values; float32 factors add ~1e-7 relative.
            assertThat(result).as("rank %d", rank).isCloseTo(Math.sqrt(tail / norm), offset(1e-6));
        }
    }

    @Test
    void moreBlocksOrRankNeverIncreaseTheErrorOfARandomMatrix() {
        Rng rng = new Rng(7);
        Tensor w = Tensor.randn(rng, 16, 16);
        double rank1 =
                MonarchProjection.project(w, MoReShape.of(16, 16, 4, 1, 0)).relativeError();
        double rank4 =
                MonarchProjection.project(w, MoReShape.of(16, 16, 4, 4, 0)).relativeError();
        double full =
                MonarchProjection.project(w, MoReShape.of(16, 16, 1, 16, 0)).relativeError();
        assertThat(rank4).isLessThan(rank1);
        assertThat(rank1).isLessThan(1.0);
        assertThat(full).isLessThan(1e-6);
        assertThat(MonarchProjection.project(Tensor.zeros(16, 16), MoReShape.of(16, 16, 4, 4, 0))
                        .relativeError())
                .isZero();
    }

    @Test
    void slotsLinkEachMiddleEntryToExactlyOneSubBlock() {
        MoReShape s = MoReShape.of(16, 16, 4, 2, 0);
        assertThat(MonarchProjection.slots(s, 0, 0)).containsExactly(0);
        assertThat(MonarchProjection.slots(s, 0, 2)).containsExactly(1);
        assertThat(MonarchProjection.slots(s, 0, 1)).isEmpty();
        int total = 0;
        for (int l = 0; l < 4; l++) {
            for (int j = 0; j < 4; j++) {
                total += MonarchProjection.slots(s, l, j).size();
            }
        }
        assertThat(total).isEqualTo(s.middle());
    }

    @Test
    void rejectsMismatchedOrNonFiniteInput() {
        MoReShape s = MoReShape.of(4, 4, 2, 2, 0);
        assertThatThrownBy(() -> MonarchProjection.project(new float[15], 4, 4, s))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("15 entries");
        assertThatThrownBy(() -> MonarchProjection.project(new float[20], 5, 4, s))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not fit");
        float[] nan = new float[16];
        nan[6] = Float.NaN;
        assertThatThrownBy(() -> MonarchProjection.project(nan, 4, 4, s))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(1, 2) is NaN");
        assertThatThrownBy(() -> MonarchProjection.project(Tensor.zeros(4, 4, 1), s))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[4, 4, 1]");
    }
}
