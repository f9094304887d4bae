package dev.more.kernels.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.more.kernels.MoReShape;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MoReProductTest {
    private final Random random = new Random(99);

    private float[] randomArray(int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = random.nextFloat() * 2 - 1;
        }
        return a;
    }

    /** Square, rectangular both ways, in not divisible by nblocks, nblocks 1 (LoRA), blk_sz, k not dividing the lanes. */
    private static final MoReShape[] SHAPES = {
        MoReShape.of(64, 64, 4, 4, 0),
        MoReShape.of(48, 112, 4, 4, 0),
        MoReShape.of(112, 40, 4, 2, 0),
        MoReShape.of(10, 7, 3, 2, 0),
        MoReShape.of(13, 29, 4, 3, 0),
        MoReShape.of(9, 9, 1, 2, 0),
        MoReShape.of(100, 50, 0, 4, 32),
        MoReShape.of(37, 41, 5, 1, 0),
        MoReShape.of(96, 96, 8, 4, 0),
    };

    @Test
    void shapesFollowTheOfficialFormulas() {
        MoReShape s = MoReShape.of(384, 1536, 4, 4, 0);
        assertThat(s).isEqualTo(new MoReShape(384, 1536, 4, 96, 4, 384));
        assertThat(s.parameters()).isEqualTo(4L * (384 + 1536));
        assertThat(s.maxRank()).isEqualTo(16);
        MoReShape odd = MoReShape.of(10, 7, 3, 2, 0); // inBlk 4, k 3, outBlk ceil(4*7/10) = 3
        assertThat(odd).isEqualTo(new MoReShape(10, 7, 3, 4, 2, 3));
        assertThat(MoReShape.of(100, 50, 0, 4, 32)).isEqualTo(new MoReShape(100, 50, 4, 32, 4, 16));
        assertThat(MoReShape.of(9, 9, 1, 2, 0).maxRank()).isEqualTo(2);
    }

    @Test
    void blockCountsAndSizesNearTwoToThe31DoNotOverflow() {
        // Found through the adapter_config.json fuzz test's input crash-huge-nblocks.json, applied to a small BERT:
        // int arithmetic made ceil(16 / (2^31 - 1)) zero and the next division threw ArithmeticException.
        assertThat(MoReShape.of(16, 32, Integer.MAX_VALUE, 1, 0)).isEqualTo(new MoReShape(16, 32, 16, 1, 1, 2));
        assertThatThrownBy(() -> MoReShape.of(16, 32, 1, 1, Integer.MAX_VALUE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("MoRe blocks of 2147483647 inputs on a layer 16 -> 32 would have 4294967294 outputs each, "
                        + "more than a dimension can be; use a smaller blk_sz");
        assertThatThrownBy(() -> new MoReShape(16, 32, 0, 1, 1, 2))
                .hasMessage("MoRe shape needs positive sizes: in=16 out=32 blocks=0 inBlk=1 blkR=1 outBlk=2");
    }

    @Test
    void forwardMatchesTheDenseConstructionAndTheScalarTwin() {
        for (MoReShape s : SHAPES) {
            for (int rows : new int[] {1, 3, 37, 70}) {
                float[] x = randomArray(rows * s.in() + 2);
                float[] w1 = randomArray(s.blkdiag1Size() + 1);
                float[] w2 = randomArray(s.blkdiag2Size() + 3);
                float[] fused = new float[rows * s.out() + 5];
                float[] twin = new float[rows * s.out() + 5];
                float[] middle = new float[rows * s.middle()];
                float[] middleTwin = new float[rows * s.middle()];
                MoReProduct.forward(s, x, 2, rows, w1, 1, w2, 3, fused, 5, middle);
                MoReProduct.forwardScalar(s, x, 2, rows, w1, 1, w2, 3, twin, 5, middleTwin);
                float[] xs = java.util.Arrays.copyOfRange(x, 2, x.length);
                double[] dense = new DenseMoRe(
                                s,
                                java.util.Arrays.copyOfRange(w1, 1, w1.length),
                                java.util.Arrays.copyOfRange(w2, 3, w2.length))
                        .apply(xs, rows);
                double tol = 2e-6 * (s.inBlk() + s.blkR());
                for (int i = 0; i < dense.length; i++) {
                    assertThat((double) fused[5 + i])
                            .as("%s rows=%d at %d", s, rows, i)
                            .isCloseTo(dense[i], within(tol));
                    assertThat((double) twin[5 + i])
                            .as("%s rows=%d at %d", s, rows, i)
                            .isCloseTo(dense[i], within(tol));
                }
                for (int i = 0; i < middle.length; i++) {
                    assertThat((double) middle[i]).isCloseTo(middleTwin[i], within(tol));
                }
            }
        }
    }

    @Test
    void backwardMatchesTheDenseChainRuleAndTheScalarTwin() {
        for (MoReShape s : SHAPES) {
            for (int rows : new int[] {1, 5, 70}) {
                float[] x = randomArray(rows * s.in());
                float[] w1 = randomArray(s.blkdiag1Size());
                float[] w2 = randomArray(s.blkdiag2Size());
                float[] dOut = randomArray(rows * s.out());
                double[][] dense = new DenseMoRe(s, w1, w2).gradients(x, dOut, rows);
                for (boolean saved : new boolean[] {false, true}) {
                    float[] middle = null;
                    if (saved) {
                        middle = new float[rows * s.middle()];
                        MoReProduct.forward(s, x, 0, rows, w1, 0, w2, 0, new float[rows * s.out()], 0, middle);
                    }
                    float[][] fused = {
                        new float[rows * s.in()], new float[s.blkdiag1Size()], new float[s.blkdiag2Size()]
                    };
                    float[][] twin = {new float[rows * s.in()], new float[s.blkdiag1Size()], new float[s.blkdiag2Size()]
                    };
                    MoReProduct.backward(s, x, 0, rows, w1, 0, w2, 0, middle, dOut, 0, fused[0], 0, fused[1], fused[2]);
                    MoReProduct.backwardScalar(
                            s, x, 0, rows, w1, 0, w2, 0, middle, dOut, 0, twin[0], 0, twin[1], twin[2]);
                    String[] names = {"dx", "dw1", "dw2"};
                    for (int g = 0; g < 3; g++) {
                        double tol = 1e-5 * (s.inBlk() + s.outBlk() + rows);
                        for (int i = 0; i < dense[g].length; i++) {
                            assertThat((double) fused[g][i])
                                    .as("%s %s rows=%d at %d", names[g], s, rows, i)
                                    .isCloseTo(dense[g][i], within(tol));
                            assertThat((double) twin[g][i])
                                    .as("twin %s %s rows=%d at %d", names[g], s, rows, i)
                                    .isCloseTo(dense[g][i], within(tol));
                        }
                    }
                }
            }
        }
    }

    @Test
    void backwardWithoutInputGradientLeavesDxAlone() {
        MoReShape s = MoReShape.of(16, 16, 4, 2, 0);
        float[] x = randomArray(8 * 16);
        float[] dw1 = new float[s.blkdiag1Size()];
        float[] dw2 = new float[s.blkdiag2Size()];
        MoReProduct.backward(
                s,
                x,
                0,
                8,
                randomArray(s.blkdiag1Size()),
                0,
                randomArray(s.blkdiag2Size()),
                0,
                null,
                randomArray(8 * 16),
                0,
                null,
                0,
                dw1,
                dw2);
        assertThat(dw1).isNotEqualTo(new float[dw1.length]);
    }

    @Test
    void zeroSecondFactorGivesZeroOutput() {
        MoReShape s = MoReShape.of(24, 24, 4, 4, 0);
        float[] out = randomArray(3 * 24);
        MoReProduct.forward(
                s,
                randomArray(3 * 24),
                0,
                3,
                randomArray(s.blkdiag1Size()),
                0,
                new float[s.blkdiag2Size()],
                0,
                out,
                0,
                null);
        assertThat(out).containsOnly(0f);
    }

    @Test
    void permutationMovesEachElementWhereDestinationSays() {
        float[] src = new float[2 * 12];
        for (int i = 0; i < src.length; i++) {
            src[i] = i;
        }
        float[] dst = new float[src.length];
        MonarchPermutation.transposeRows(src, 0, 2, 3, 4, dst, 0);
        for (int r = 0; r < 2; r++) {
            for (int i = 0; i < 12; i++) {
                assertThat(dst[r * 12 + MonarchPermutation.destination(i, 3, 4)])
                        .isEqualTo(src[r * 12 + i]);
            }
        }
        assertThat(java.util.Arrays.copyOf(dst, 12)).containsExactly(0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11);
    }
}
