package dev.more.adapters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.more.autograd.GradCheck;
import dev.more.autograd.Variable;
import dev.more.kernels.MoReShape;
import dev.more.nn.layers.Linear;
import dev.more.tensor.Rng;
import dev.more.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MoReLinearTest {
    private static final MoReShape[] SHAPES = {
        MoReShape.of(12, 12, 4, 4, 0),
        MoReShape.of(10, 7, 3, 2, 0),
        MoReShape.of(6, 13, 2, 3, 0),
        MoReShape.of(9, 5, 0, 3, 4),
    };
    /**
     * Float32 against double: each output sums at most in_blk + blk_r products of O(1) values, each
     * rounded at ~6e-8 relative; 2e-5 leaves a wide margin while catching any misplaced index (O(1) errors).
     */
    private static final double TOL = 2e-5;

    private static void assertClose(float[] actual, float[] expected, String what) {
        assertThat(actual).as(what).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) actual[i])
                    .as("%s[%d]", what, i)
                    .isCloseTo(expected[i], offset(TOL * (1 + Math.abs(expected[i]))));
        }
    }

    @Test
    void forwardAndBackwardMatchTheDenseConstruction() {
        Rng rng = new Rng(11);
        for (MoReShape s : SHAPES) {
            int rows = 5;
            Tensor w1 = Tensor.randn(rng, s.blocks(), s.blkR(), s.inBlk());
            Tensor w2 = Tensor.randn(rng, s.blocks(), s.outBlk(), s.blkR());
            Tensor x = Tensor.randn(rng, rows, s.in());
            Tensor g = Tensor.randn(rng, rows, s.out());
            DenseMoRe dense = new DenseMoRe(s, w1.toArray(), w2.toArray());
            double[][] xd = DenseMoRe.rows(x.toArray(), rows, s.in());
            double[][] gd = DenseMoRe.rows(g.toArray(), rows, s.out());

            Variable xv = Variable.parameter(x);
            Variable w1v = Variable.parameter(w1);
            Variable w2v = Variable.parameter(w2);
            Variable y = xv.more(w1v, w2v, s);
            y.mul(Variable.constant(g)).sum().backward();

            assertClose(y.value().toArray(), DenseMoRe.flat(dense.forward(xd)), s + " forward");
            assertClose(xv.grad().toArray(), DenseMoRe.flat(dense.gradX(gd)), s + " dx");
            assertClose(w1v.grad().toArray(), dense.gradBlkdiag1(xd, gd), s + " d blkdiag1");
            assertClose(w2v.grad().toArray(), dense.gradBlkdiag2(xd, gd), s + " d blkdiag2");
        }
    }

    @Test
    void layerAddsScaledAdapterToTheBaseOverBatchedInput() {
        Rng rng = new Rng(12);
        MoReShape s = MoReShape.of(10, 7, 3, 2, 0);
        Linear base = new Linear(10, 7, true, rng);
        MoReLinear layer = new MoReLinear(base, s, ScalerKind.PER_FEATURE, 0f, rng);
        Tensor w1 = Tensor.randn(rng, 3, 2, 4);
        Tensor w2 = Tensor.randn(rng, 3, 3, 2);
        layer.setFactors(w1, w2);
        Tensor scale = Tensor.randn(rng, 7);
        layer.scaler().setValue(scale);
        Tensor x = Tensor.randn(rng, 2, 3, 10);

        float[] actual = layer.forward(Variable.constant(x)).value().toArray();
        float[] baseOut = base.forward(Variable.constant(x)).value().toArray();
        double[][] delta = new DenseMoRe(s, w1.toArray(), w2.toArray()).forward(DenseMoRe.rows(x.toArray(), 6, 10));
        float[] sc = scale.toArray();
        float[] expected = new float[actual.length];
        for (int i = 0; i < 6; i++) {
            for (int o = 0; o < 7; o++) {
                expected[i * 7 + o] = (float) (baseOut[i * 7 + o] + sc[o] * delta[i][o]);
            }
        }
        assertThat(layer.forward(Variable.constant(x)).shape()).containsExactly(2, 3, 7);
        assertClose(actual, expected, "y");
    }

    @Test
    void gradientCheckOfTheWholeLayerWithScaler() {
        Rng rng = new Rng(23);
        MoReShape s = MoReShape.of(7, 5, 2, 2, 0);
        MoReLinear layer = new MoReLinear(new Linear(7, 5, true, rng), s, ScalerKind.PER_FEATURE, 0f, rng);
        GradCheck.Result result = GradCheck.check(
                v -> layer.functionalCall(
                        Map.of("blkdiag1", v[1], "blkdiag2", v[2], "scaler", v[3], "weight", v[4]),
                        () -> layer.forward(v[0])),
                Tensor.randn(rng, 3, 7),
                Tensor.randn(rng, 2, 2, 4),
                Tensor.randn(rng, 2, 3, 2),
                Tensor.randn(rng, 5),
                Tensor.randn(rng, 5, 7));
        assertThat(result.maxRelativeError()).as("%s", result).isLessThan(5e-3);
    }

    @Test
    void namesParametersAsTheOfficialLayoutAndSharesTheBaseParameters() {
        Rng rng = new Rng(13);
        Linear base = new Linear(8, 6, true, rng);
        MoReLinear layer = new MoReLinear(base, MoReShape.of(8, 6, 2, 2, 0), ScalerKind.SCALAR, 0f, rng);
        assertThat(layer.namedParameters().keySet())
                .containsExactly("weight", "bias", "blkdiag1", "blkdiag2", "scaler");
        assertThat(layer.parameter("weight")).isSameAs(base.weight());
        assertThat(layer.parameter("bias")).isSameAs(base.bias());
        assertThat(layer.parameter("scaler").shape()).containsExactly(1);
        assertThat(layer.adapterParameters().keySet()).containsExactly("blkdiag1", "blkdiag2", "scaler");
        assertThat(layer.adapterParameterCount()).isEqualTo(2 * 2 * 4 + 2 * 3 * 2 + 1);
        MoReLinear perFeature = new MoReLinear(
                new Linear(8, 6, false, rng), MoReShape.of(8, 6, 2, 2, 0), ScalerKind.PER_FEATURE, 0f, rng);
        assertThat(perFeature.namedParameters().keySet()).containsExactly("weight", "blkdiag1", "blkdiag2", "scaler");
        assertThat(perFeature.scaler().shape()).containsExactly(6);
    }

    @Test
    void initStartsAtZeroUpdateWithKaimingFirstFactor() {
        Rng rng = new Rng(14);
        MoReShape s = MoReShape.of(64, 48, 4, 4, 0);
        Linear base = new Linear(64, 48, true, rng);
        MoReLinear layer = new MoReLinear(base, s, ScalerKind.NONE, 0f, rng);
        float bound = (float) (1 / Math.sqrt(s.inBlk()));
        float[] w1 = layer.blkdiag1().value().toArray();
        double sumSq = 0;
        for (float v : w1) {
            assertThat(Math.abs(v)).isLessThanOrEqualTo(bound);
            sumSq += v * v;
        }
        // U(-b, b) has variance b²/3; 1024 draws put the sample within 15% of it.
        assertThat(sumSq / w1.length).isCloseTo(bound * bound / 3.0, offset(0.15 * bound * bound / 3.0));
        assertThat(layer.blkdiag2().value().toArray()).containsOnly(0f);
        Tensor x = Tensor.randn(rng, 3, 64);
        assertThat(layer.forward(Variable.constant(x)).value().toArray())
                .containsExactly(base.forward(Variable.constant(x)).value().toArray());
    }

    @Test
    void withAScalerTheScalerIsTheZeroAndBothFactorsGetGradientsAfterOneStep() {
        Rng rng = new Rng(15);
        MoReShape s = MoReShape.of(12, 12, 3, 2, 0);
        Linear base = new Linear(12, 12, true, rng);
        base.requiresGrad(false);
        MoReLinear layer = new MoReLinear(base, s, ScalerKind.SCALAR, 0f, rng);
        float bound2 = (float) (1 / Math.sqrt(s.blkR()));
        float[] w2 = layer.blkdiag2().value().toArray();
        assertThat(w2).isNotEqualTo(new float[w2.length]);
        for (float v : w2) {
            assertThat(Math.abs(v)).isLessThanOrEqualTo(bound2);
        }
        Tensor x = Tensor.randn(rng, 4, 12);
        Tensor target = Tensor.randn(rng, 4, 12);
        assertThat(layer.forward(Variable.constant(x)).value().toArray())
                .containsExactly(base.forward(Variable.constant(x)).value().toArray());
        for (int step = 0; step < 2; step++) {
            layer.zeroGrad();
            Variable diff = layer.forward(Variable.constant(x)).sub(Variable.constant(target));
            diff.mul(diff).sum().backward();
            // Step 0: only the scaler sees the (non-zero) adapter output; after it moves, the factors learn too.
            assertThat(layer.scaler().grad().item()).isNotZero();
            if (step == 1) {
                assertThat(layer.blkdiag1().grad().abs().sum().item()).isPositive();
                assertThat(layer.blkdiag2().grad().abs().sum().item()).isPositive();
            }
            for (var p : List.of(layer.scaler(), layer.blkdiag1(), layer.blkdiag2())) {
                p.setValue(p.value().sub(p.grad().mul(1e-2f)));
            }
        }
        assertThat(base.weight().grad()).isNull();
    }

    @Test
    void dropoutActsOnTheAdapterOutputInTrainingOnly() {
        Rng rng = new Rng(16);
        MoReShape s = MoReShape.of(8, 8, 2, 2, 0);
        Linear base = new Linear(8, 8, false, rng);
        MoReLinear layer = new MoReLinear(base, s, ScalerKind.NONE, 0.5f, rng);
        layer.setFactors(Tensor.randn(rng, 2, 2, 4), Tensor.randn(rng, 2, 4, 2));
        Tensor x = Tensor.randn(rng, 6, 8);
        float[] baseOut = base.forward(Variable.constant(x)).value().toArray();
        float[] delta = layer.forward(Variable.constant(x))
                .value()
                .sub(Tensor.fromArray(baseOut, 6, 8))
                .toArray();
        layer.eval();
        float[] evalDelta = layer.forward(Variable.constant(x))
                .value()
                .sub(Tensor.fromArray(baseOut, 6, 8))
                .toArray();
        int dropped = 0;
        for (int i = 0; i < delta.length; i++) {
            if (Math.abs(delta[i]) < 1e-6) {
                dropped++;
            } else {
                assertThat((double) delta[i]).isCloseTo(2.0 * evalDelta[i], offset(1e-4 * (1 + Math.abs(delta[i]))));
            }
        }
        assertThat(dropped).isBetween(8, 40);
    }

    @Test
    void mergeMatchesTheAdapterAndUnmergeRestoresTheWeight() {
        Rng rng = new Rng(17);
        for (MoReShape s : SHAPES) {
            Linear base = new Linear(s.in(), s.out(), true, rng);
            MoReLinear layer = new MoReLinear(base, s, ScalerKind.PER_FEATURE, 0f, rng);
            layer.setFactors(
                    Tensor.randn(rng, s.blocks(), s.blkR(), s.inBlk()),
                    Tensor.randn(rng, s.blocks(), s.outBlk(), s.blkR()));
            layer.scaler().setValue(Tensor.randn(rng, s.out()));
            float[] original = base.weight().value().toArray();
            double[][] m = new DenseMoRe(
                            s,
                            layer.blkdiag1().value().toArray(),
                            layer.blkdiag2().value().toArray())
                    .matrix();
            float[] sc = layer.scaler().value().toArray();
            float[] delta = layer.deltaWeight().toArray();
            for (int o = 0; o < s.out(); o++) {
                for (int i = 0; i < s.in(); i++) {
                    assertThat((double) delta[o * s.in() + i])
                            .isCloseTo(sc[o] * m[o][i], offset(TOL * (1 + Math.abs(sc[o] * m[o][i]))));
                }
            }
            Tensor x = Tensor.randn(rng, 4, s.in());
            float[] adapted = layer.forward(Variable.constant(x)).value().toArray();
            layer.merge();
            assertThat(layer.isMerged()).isTrue();
            assertClose(layer.forward(Variable.constant(x)).value().toArray(), adapted, s + " merged");
            layer.unmerge();
            float[] restored = base.weight().value().toArray();
            for (int i = 0; i < original.length; i++) {
                // (w + d) − d: two roundings, half an ulp of |w + d| and of |w|, so at most an ulp of |w| + |d|.
                double ulp = Math.ulp(Math.abs(original[i]) + Math.abs(delta[i]));
                assertThat(Math.abs((double) restored[i] - original[i])).isLessThanOrEqualTo(ulp);
            }
        }
    }

    @Test
    void mergeRefusesNonFiniteResultsAndWrongStates() {
        Rng rng = new Rng(18);
        Linear base = new Linear(4, 4, false, rng);
        MoReLinear layer = new MoReLinear(base, MoReShape.of(4, 4, 2, 2, 0), ScalerKind.NONE, 0f, rng);
        assertThatThrownBy(layer::unmerge)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not merged");
        layer.setFactors(Tensor.full(3e19f, 2, 2, 2), Tensor.full(3e19f, 2, 2, 2));
        Tensor before = base.weight().value();
        assertThatThrownBy(layer::merge)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("merging would put Infinity into the weight at (0, 0)");
        assertThat(base.weight().value()).isSameAs(before);
        assertThat(layer.isMerged()).isFalse();
        float[] nan = new float[8];
        nan[0] = Float.NaN;
        layer.setFactors(Tensor.fromArray(nan, 2, 2, 2), Tensor.ones(2, 2, 2));
        assertThatThrownBy(layer::merge).hasMessageContaining("NaN");
        layer.setFactors(Tensor.ones(2, 2, 2), Tensor.ones(2, 2, 2));
        layer.merge();
        assertThatThrownBy(layer::merge).hasMessageContaining("already merged");
        assertThatThrownBy(() -> layer.setFactors(Tensor.ones(2, 2, 2), Tensor.ones(2, 2, 2)))
                .hasMessageContaining("unmerge before");
    }

    @Test
    void evalModeLeavesTheFrozenWeightAlone() {
        Rng rng = new Rng(19);
        Linear base = new Linear(6, 6, true, rng);
        MoReLinear layer = new MoReLinear(base, MoReShape.of(6, 6, 2, 2, 0), ScalerKind.NONE, 0f, rng);
        layer.setFactors(Tensor.randn(rng, 2, 2, 3), Tensor.randn(rng, 2, 3, 2));
        Tensor weight = base.weight().value();
        layer.eval();
        layer.forward(Variable.constant(Tensor.randn(rng, 2, 6)));
        layer.train(true);
        assertThat(base.weight().value()).isSameAs(weight);
        assertThat(layer.isMerged()).isFalse();
    }

    @Test
    void oneBlockIsLoraWithTheFactorsAsAAndB() {
        Rng rng = new Rng(20);
        int in = 9;
        int out = 7;
        int r = 3;
        Linear base = new Linear(in, out, true, rng);
        MoReLinear more = new MoReLinear(base, MoReShape.of(in, out, 1, r, 0), ScalerKind.NONE, 0f, rng);
        Tensor a = Tensor.randn(rng, r, in);
        Tensor b = Tensor.randn(rng, out, r);
        more.setFactors(a.reshape(1, r, in), b.reshape(1, out, r));
        LoraLinear lora = new LoraLinear(base, r, 1f, 0f, LoraInit.KAIMING, rng);
        lora.loraA().setValue(a);
        lora.loraB().setValue(b);
        Tensor x = Tensor.randn(rng, 5, in);
        assertClose(
                more.forward(Variable.constant(x)).value().toArray(),
                lora.forward(Variable.constant(x)).value().toArray(),
                "MoRe(nblocks=1) vs LoRA");
        assertClose(more.deltaWeight().toArray(), lora.deltaWeight().toArray(), "delta weights");
    }

    @Test
    void projectionInitKeepsTheOutputAndStartsAtTheProjection() {
        Rng rng = new Rng(21);
        Linear base = new Linear(16, 12, true, rng);
        Tensor original = base.weight().value();
        Tensor x = Tensor.randn(rng, 3, 16);
        float[] before = base.forward(Variable.constant(x)).value().toArray();
        MoReConfig config = MoReConfig.defaults().withBlocks(4, 2, 0).withInit(MoReInit.PROJECTION);
        MoReLinear layer = MoReLinear.of(base, config, rng);
        MonarchProjection.Result projection = MonarchProjection.project(original, layer.shape());
        assertThat(layer.blkdiag1().value().toArray())
                .containsExactly(projection.blkdiag1().toArray());
        assertThat(layer.blkdiag2().value().toArray())
                .containsExactly(projection.blkdiag2().toArray());
        assertClose(layer.forward(Variable.constant(x)).value().toArray(), before, "output at step 0");
        assertClose(base.weight().value().add(layer.deltaWeight()).toArray(), original.toArray(), "residual + Δ");
    }

    @Test
    void rejectsAShapeThatDoesNotFitTheLayer() {
        Rng rng = new Rng(22);
        Linear base = new Linear(8, 6, true, rng);
        assertThatThrownBy(() -> new MoReLinear(base, MoReShape.of(8, 8, 2, 2, 0), ScalerKind.NONE, 0f, rng))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Linear 8 -> 6");
        assertThatThrownBy(() -> new MoReLinear(base, MoReShape.of(8, 6, 2, 2, 0), ScalerKind.NONE, 1f, rng))
                .hasMessageContaining("dropout must be in [0, 1)");
        MoReLinear layer = new MoReLinear(base, MoReShape.of(8, 6, 2, 2, 0), ScalerKind.NONE, 0f, rng);
        assertThatThrownBy(() -> layer.setFactors(Tensor.zeros(2, 2, 3), Tensor.zeros(2, 3, 2)))
                .hasMessageContaining("blkdiag1 must have shape [2, 2, 4], got [2, 2, 3]");
    }
}
