package dev.more.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.more.adapters.LoraInit;
import dev.more.adapters.LoraLinear;
import dev.more.adapters.MoReLinear;
import dev.more.adapters.MonarchProjection;
import dev.more.adapters.ScalerKind;
import dev.more.kernels.MoReShape;
import dev.more.kernels.cpu.MoReProduct;
import dev.more.kernels.cpu.MonarchPermutation;
import dev.more.nn.layers.Linear;
import dev.more.tensor.Rng;
import dev.more.tensor.Tensor;
import org.junit.jupiter.api.Test;

class MonarchAnatomyTest {
    private static final MoReShape[] SHAPES = {
        MoReShape.of(16, 16, 4, 4, 0), // the command's default: blk_r = k, every tile rank 1
        MoReShape.of(16, 16, 4, 1, 0), // blk_r < k: P_mid is the identity, ΔW a permuted block diagonal
        MoReShape.of(10, 7, 3, 2, 0), // the tutorial's example: padding and truncation
        MoReShape.of(6, 13, 2, 3, 0), // wider output, blk_r > k
        MoReShape.of(9, 5, 0, 3, 4), // blk_sz given
        MoReShape.of(12, 20, 1, 3, 0), // nblocks = 1 (LoRA)
    };

    @Test
    void permutationMatricesArePermutations() {
        for (MoReShape s : SHAPES) {
            MonarchAnatomy anatomy = MonarchAnatomy.random(s, new Rng(1));
            for (DenseMatrix p : new DenseMatrix[] {anatomy.middlePermutation(), anatomy.outputPermutation()}) {
                assertThat(p.rows()).isEqualTo(p.cols());
                for (int i = 0; i < p.rows(); i++) {
                    double rowSum = 0;
                    double colSum = 0;
                    for (int j = 0; j < p.cols(); j++) {
                        assertThat(p.get(i, j)).isIn(0.0, 1.0);
                        rowSum += p.get(i, j);
                        colSum += p.get(j, i);
                    }
                    assertThat(rowSum)
                            .as("row %d of a permutation for %s", i, s)
                            .isEqualTo(1.0);
                    assertThat(colSum)
                            .as("column %d of a permutation for %s", i, s)
                            .isEqualTo(1.0);
                }
                assertThat(p.times(p.transpose()).values()).isEqualTo(identity(p.rows()));
            }
        }
    }

    @Test
    void permutationMatricesMoveVectorsAsTheKernelsShuffle() {
        Rng rng = new Rng(2);
        for (MoReShape s : SHAPES) {
            MonarchAnatomy anatomy = MonarchAnatomy.random(s, rng);
            check(anatomy.middlePermutation(), s.blkR(), s.blocks(), rng);
            check(anatomy.outputPermutation(), s.blocks(), s.outBlk(), rng);
        }
    }

    private static void check(DenseMatrix p, int a, int b, Rng rng) {
        float[] v = Tensor.randn(rng, a * b).toArray();
        float[] shuffled = new float[v.length];
        MonarchPermutation.transposeRows(v, 0, 1, a, b, shuffled, 0);
        double[] product = p.times(DenseMatrix.ofFloats(v.length, 1, v)).values();
        for (int i = 0; i < v.length; i++) {
            assertThat(product[i]).isEqualTo(shuffled[i]);
        }
    }

    @Test
    void composedMatricesEqualTheKernelOnTheIdentity() {
        Rng rng = new Rng(3);
        for (MoReShape s : SHAPES) {
            MonarchAnatomy anatomy = MonarchAnatomy.random(s, rng);
            float[] eye = new float[s.in() * s.in()];
            for (int i = 0; i < s.in(); i++) {
                eye[i * s.in() + i] = 1;
            }
            float[] kernel = new float[s.in() * s.out()];
            MoReProduct.forward(
                    s,
                    eye,
                    0,
                    s.in(),
                    anatomy.blkdiag1().toArray(),
                    0,
                    anatomy.blkdiag2().toArray(),
                    0,
                    kernel,
                    0,
                    null);
            DenseMatrix delta = anatomy.deltaWeight();
            assertThat(delta.rows()).isEqualTo(s.out());
            assertThat(delta.cols()).isEqualTo(s.in());
            // Row i of the kernel's output is Δ(e_i): column i of ΔW. Float kernel against double products.
            for (int o = 0; o < s.out(); o++) {
                for (int i = 0; i < s.in(); i++) {
                    assertThat(delta.get(o, i))
                            .as("ΔW(%d, %d) for %s", o, i, s)
                            .isCloseTo(kernel[i * s.out() + o], offset(1e-6));
                }
            }
        }
    }

    @Test
    void deltaWeightEqualsTheAdapterAndTheProjectionsDenseMatrix() {
        Rng rng = new Rng(4);
        for (MoReShape s : SHAPES) {
            MonarchAnatomy anatomy = MonarchAnatomy.random(s, rng);
            MoReLinear layer = new MoReLinear(new Linear(s.in(), s.out(), true, rng), s, ScalerKind.NONE, 0f, rng);
            layer.setFactors(anatomy.blkdiag1(), anatomy.blkdiag2());
            float[] adapter = layer.deltaWeight().toArray();
            double[] dense = MonarchProjection.dense(
                    s, anatomy.blkdiag1().toArray(), anatomy.blkdiag2().toArray());
            double[] delta = anatomy.deltaWeight().values();
            for (int i = 0; i < delta.length; i++) {
                assertThat(delta[i]).isCloseTo(adapter[i], offset(1e-6));
                assertThat(delta[i]).isCloseTo(dense[i], offset(1e-12));
            }
        }
    }

    @Test
    void oneBlockIsLoraWithAAsBlkdiag1AndBAsBlkdiag2() {
        Rng rng = new Rng(5);
        int in = 12;
        int out = 20;
        int r = 3;
        MoReShape s = MoReShape.of(in, out, 1, r, 0);
        assertThat(s.parameters()).isEqualTo((long) r * (in + out));
        Tensor a = Tensor.randn(rng, r, in);
        Tensor b = Tensor.randn(rng, out, r);
        LoraLinear lora = new LoraLinear(new Linear(in, out, false, rng), r, 1f, 0f, LoraInit.KAIMING, rng);
        lora.loraA().setValue(a);
        lora.loraB().setValue(b);
        MonarchAnatomy anatomy = MonarchAnatomy.of(s, a.reshape(1, r, in), b.reshape(1, out, r));
        assertThat(anatomy.middlePermutation().values()).isEqualTo(identity(r));
        assertThat(anatomy.outputPermutation().values()).isEqualTo(identity(out));
        double[] delta = anatomy.deltaWeight().values();
        float[] ba = lora.deltaWeight().toArray();
        for (int i = 0; i < delta.length; i++) {
            assertThat(delta[i]).isCloseTo(ba[i], offset(1e-5));
        }
    }

    @Test
    void traceReachesExactlyTheNonZeroRowsOfItsColumn() {
        Rng rng = new Rng(6);
        for (MoReShape s : SHAPES) {
            MonarchAnatomy anatomy = MonarchAnatomy.random(s, rng);
            DenseMatrix delta = anatomy.deltaWeight();
            for (int c = 0; c < s.in(); c++) {
                final int channel = c;
                int[] nonZero = java.util.stream.IntStream.range(0, s.out())
                        .filter(o -> delta.get(o, channel) != 0)
                        .toArray();
                ChannelTrace trace = anatomy.trace(c);
                assertThat(trace.outputs()).as("channel %d of %s", c, s).isEqualTo(nonZero);
                assertThat(trace.inputBlock()).isEqualTo(c / s.inBlk());
                assertThat(trace.hidden()).hasSize(s.blkR());
                assertThat(trace.blockOutputs().length % s.outBlk()).isZero();
            }
        }
    }

    @Test
    void withBlkRAtLeastKEveryChannelReachesEveryOutput() {
        MonarchAnatomy anatomy = MonarchAnatomy.random(MoReShape.of(16, 16, 4, 4, 0), new Rng(7));
        for (int c = 0; c < 16; c++) {
            assertThat(anatomy.trace(c).outputs()).hasSize(16);
        }
        // blk_r = 1 < k = 4: a channel reaches only its own output block's 4 outputs.
        MonarchAnatomy thin = MonarchAnatomy.random(MoReShape.of(16, 16, 4, 1, 0), new Rng(7));
        assertThat(thin.trace(5).outputs()).containsExactly(1, 5, 9, 13);
    }

    @Test
    void outputsByBlockListsEachBlocksOutputsInTurn() {
        MonarchAnatomy anatomy = MonarchAnatomy.random(MoReShape.of(10, 7, 3, 2, 0), new Rng(8));
        assertThat(anatomy.outputsByBlock()).containsExactly(0, 3, 6, 1, 4, 2, 5);
    }

    @Test
    void rejectsFactorsOfTheWrongShapeAndChannelsOutsideTheLayer() {
        MoReShape s = MoReShape.of(10, 7, 3, 2, 0);
        assertThatThrownBy(() -> MonarchAnatomy.of(s, Tensor.zeros(3, 2, 5), Tensor.zeros(3, 3, 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("blkdiag1 must have shape [3, 2, 4]")
                .hasMessageContaining("got [3, 2, 5]");
        assertThatThrownBy(() -> MonarchAnatomy.of(s, Tensor.zeros(3, 2, 4), Tensor.zeros(3, 2, 3)))
                .hasMessageContaining("blkdiag2 must have shape [3, 3, 2]");
        MonarchAnatomy anatomy = MonarchAnatomy.random(s, new Rng(9));
        assertThatThrownBy(() -> anatomy.trace(10))
                .hasMessageContaining("channel 10 is not an input feature")
                .hasMessageContaining("0..9");
        assertThatThrownBy(() -> anatomy.trace(-1)).hasMessageContaining("channel -1");
    }

    private static double[] identity(int n) {
        double[] eye = new double[n * n];
        for (int i = 0; i < n; i++) {
            eye[i * n + i] = 1;
        }
        return eye;
    }
}
