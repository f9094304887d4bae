package dev.more.nn.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.more.autograd.Variable;
import dev.more.nn.ModuleGradCheck;
import dev.more.tensor.Rng;
import dev.more.tensor.SublayerNorm;
import dev.more.tensor.Tensor;
import org.junit.jupiter.api.Test;

class SelfAttentionTest {
    private static final int HIDDEN = 6;
    private static final int HEADS = 2;

    private static SelfAttention attention() {
        SelfAttention attention = new SelfAttention(HIDDEN, HEADS, 0.1f, new Rng(11));
        attention.eval();
        return attention;
    }

    /** x W^T + b in double, for one token. */
    private static double[] project(Linear linear, float[] x, int offset) {
        float[] w = linear.weight().value().toArray();
        float[] b = linear.bias().value().toArray();
        double[] out = new double[HIDDEN];
        for (int o = 0; o < HIDDEN; o++) {
            out[o] = b[o];
            for (int i = 0; i < HIDDEN; i++) {
                out[o] += (double) w[o * HIDDEN + i] * x[offset + i];
            }
        }
        return out;
    }

    /** The attention output computed token by token in double: an independent reference. */
    private static double[] reference(
            SelfAttention attention, float[] x, int batch, int seq, int[][] mask, boolean causal) {
        int headDim = HIDDEN / HEADS;
        double[] out = new double[batch * seq * HIDDEN];
        for (int b = 0; b < batch; b++) {
            double[][] q = new double[seq][];
            double[][] k = new double[seq][];
            double[][] v = new double[seq][];
            for (int t = 0; t < seq; t++) {
                int at = (b * seq + t) * HIDDEN;
                q[t] = project((Linear) attention.module("query"), x, at);
                k[t] = project((Linear) attention.module("key"), x, at);
                v[t] = project((Linear) attention.module("value"), x, at);
            }
            for (int h = 0; h < HEADS; h++) {
                for (int i = 0; i < seq; i++) {
                    double[] weights = new double[seq];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < seq; j++) {
                        boolean allowed = (mask == null || mask[b][j] == 1) && (!causal || j <= i);
                        double s = 0;
                        for (int d = 0; d < headDim; d++) {
                            s += q[i][h * headDim + d] * k[j][h * headDim + d];
                        }
                        weights[j] = allowed ? s / Math.sqrt(headDim) : Double.NEGATIVE_INFINITY;
                        max = Math.max(max, weights[j]);
                    }
                    double total = 0;
                    for (int j = 0; j < seq; j++) {
                        weights[j] = Math.exp(weights[j] - max);
                        total += weights[j];
                    }
                    for (int d = 0; d < headDim; d++) {
                        double sum = 0;
                        for (int j = 0; j < seq; j++) {
                            sum += weights[j] / total * v[j][h * headDim + d];
                        }
                        out[(b * seq + i) * HIDDEN + h * headDim + d] = sum;
                    }
                }
            }
        }
        return out;
    }

    private static void assertMatchesReference(int[][] mask, boolean causal) {
        SelfAttention attention = attention();
        Tensor x = Tensor.randn(new Rng(5), 2, 4, HIDDEN);
        float[] out =
                attention.forward(Variable.constant(x), mask, causal).value().toArray();
        double[] expected = reference(attention, x.toArray(), 2, 4, mask, causal);
        for (int i = 0; i < out.length; i++) {
            assertThat((double) out[i]).as("element %d", i).isCloseTo(expected[i], within(1e-5));
        }
    }

    @Test
    void matchesAReferenceWithoutMasks() {
        assertMatchesReference(null, false);
    }

    @Test
    void matchesAReferenceWithPaddingAndCausalMasks() {
        int[][] mask = {{1, 1, 1, 1}, {1, 1, 0, 0}};
        assertMatchesReference(mask, false);
        assertMatchesReference(null, true);
        assertMatchesReference(mask, true);
    }

    @Test
    void paddedTokensDoNotChangeTheOutputsOfRealOnes() {
        SelfAttention attention = attention();
        int[][] mask = {{1, 1, 1, 0}, {1, 1, 0, 0}};
        float[] x = Tensor.randn(new Rng(1), 2, 4, HIDDEN).toArray();
        float[] changed = x.clone();
        for (int i = 3 * HIDDEN; i < 4 * HIDDEN; i++) {
            changed[i] += 5f;
        }
        for (int i = (4 + 2) * HIDDEN; i < 8 * HIDDEN; i++) {
            changed[i] -= 3f;
        }
        Tensor a = attention
                .forward(Variable.constant(Tensor.fromArray(x, 2, 4, HIDDEN)), mask, false)
                .value();
        Tensor b = attention
                .forward(Variable.constant(Tensor.fromArray(changed, 2, 4, HIDDEN)), mask, false)
                .value();
        assertThat(a.narrow(0, 0, 1).narrow(1, 0, 3).toArray())
                .containsExactly(b.narrow(0, 0, 1).narrow(1, 0, 3).toArray());
        assertThat(a.narrow(0, 1, 1).narrow(1, 0, 2).toArray())
                .containsExactly(b.narrow(0, 1, 1).narrow(1, 0, 2).toArray());
        assertThat(a.narrow(0, 1, 1).narrow(1, 2, 2).toArray())
                .isNotEqualTo(b.narrow(0, 1, 1).narrow(1, 2, 2).toArray());
    }

    @Test
    void futureTokensDoNotChangeEarlierOutputsUnderTheCausalMask() {
        SelfAttention attention = attention();
        float[] x = Tensor.randn(new Rng(2), 1, 4, HIDDEN).toArray();
        float[] changed = x.clone();
        for (int i = 2 * HIDDEN; i < 4 * HIDDEN; i++) {
            changed[i] *= -2f;
        }
        Tensor a = attention
                .forward(Variable.constant(Tensor.fromArray(x, 1, 4, HIDDEN)), null, true)
                .value();
        Tensor b = attention
                .forward(Variable.constant(Tensor.fromArray(changed, 1, 4, HIDDEN)), null, true)
                .value();
        assertThat(a.narrow(1, 0, 2).toArray())
                .containsExactly(b.narrow(1, 0, 2).toArray());
        assertThat(a.narrow(1, 2, 1).toArray()).isNotEqualTo(b.narrow(1, 2, 1).toArray());
        Tensor open = attention
                .forward(Variable.constant(Tensor.fromArray(changed, 1, 4, HIDDEN)), null, false)
                .value();
        assertThat(open.narrow(1, 0, 1).toArray())
                .isNotEqualTo(a.narrow(1, 0, 1).toArray());
    }

    @Test
    void dropsAttentionProbabilitiesOnlyInTraining() {
        SelfAttention attention = new SelfAttention(HIDDEN, HEADS, 0.5f, new Rng(3));
        Variable x = Variable.constant(Tensor.randn(new Rng(4), 1, 3, HIDDEN));
        float[] training = attention.forward(x, null, false).value().toArray();
        attention.eval();
        float[] evaluation = attention.forward(x, null, false).value().toArray();
        assertThat(training).isNotEqualTo(evaluation);
        assertThat(attention.forward(x, null, false).value().toArray()).containsExactly(evaluation);
    }

    @Test
    void hasBertNamesAndChecksSizes() {
        assertThat(attention().namedParameters().keySet())
                .containsExactly("query.weight", "query.bias", "key.weight", "key.bias", "value.weight", "value.bias");
        assertThatThrownBy(() -> new SelfAttention(6, 4, 0f, new Rng(0)))
                .hasMessageContaining("not a positive multiple of 4");
        assertThatThrownBy(() -> attention().forward(Variable.constant(Tensor.zeros(2, 6)), null, false))
                .hasMessageContaining("must be (batch, seq, 6)");
    }

    @Test
    void gradientsMatchFiniteDifferencesWithMasks() {
        SelfAttention attention = attention();
        Tensor x = Tensor.randn(new Rng(6), 2, 3, HIDDEN);
        int[][] mask = {{1, 1, 1}, {1, 1, 0}};
        assertThat(ModuleGradCheck.check(attention, v -> attention.forward(v, mask, true), x)
                        .maxRelativeError())
                .isLessThan(5e-3);
    }

    @Test
    void theProjectedBlockIsTheOutputLayerOverTheAttention() {
        Linear output = new Linear(HIDDEN, HIDDEN, true, new Rng(9));
        Tensor x = Tensor.randn(new Rng(7), 2, 4, HIDDEN);
        int[][] padding = {{1, 1, 1, 1}, {1, 1, 1, 0}};
        Tensor mask = AttentionMask.additive(padding, 2, 4, false, x.device());
        SelfAttention attention = attention();
        float[] expected = output.forward(attention.forward(Variable.constant(x), mask))
                .value()
                .toArray();
        // Parameters that require gradients take the recorded path; under NoGrad the one-op block.
        Variable recorded = attention.forwardProjected(Variable.constant(x), mask, output);
        assertThat(recorded.requiresGrad()).isTrue();
        assertThat(recorded.value().toArray()).containsExactly(expected);
        try (dev.more.autograd.NoGrad ignored = dev.more.autograd.NoGrad.enter()) {
            Variable block = attention.forwardProjected(Variable.constant(x), mask, output);
            assertThat(block.requiresGrad()).isFalse();
            assertThat(block.value().toArray()).containsExactly(expected);
        }
        // With its sublayer norm: null where the block would not run as one op, else layerNorm(block + x).
        LayerNorm norm = new LayerNorm(HIDDEN, 1e-5f);
        SublayerNorm<Tensor> recordedNorm = norm.sublayerNorm(Variable.constant(x));
        assertThat(recordedNorm).as("its parameters need gradients").isNull();
        assertThat(attention.forwardSublayer(Variable.constant(x), mask, output, recordedNorm))
                .isNull();
        try (dev.more.autograd.NoGrad ignored = dev.more.autograd.NoGrad.enter()) {
            assertThat(attention.forwardSublayer(Variable.constant(x), mask, output, null))
                    .isNull();
            Variable sublayer = attention.forwardSublayer(
                    Variable.constant(x), mask, output, norm.sublayerNorm(Variable.constant(x)));
            assertThat(sublayer.value().toArray())
                    .containsExactly(Tensor.fromArray(expected, x.shape())
                            .addLayerNorm(x, Tensor.ones(HIDDEN), Tensor.zeros(HIDDEN), 1e-5f, false)
                            .output()
                            .toArray());
        }
        // In training, dropout draws its seed as the layer-by-layer path does.
        SelfAttention a = new SelfAttention(HIDDEN, HEADS, 0.5f, new Rng(11));
        SelfAttention b = new SelfAttention(HIDDEN, HEADS, 0.5f, new Rng(11));
        try (dev.more.autograd.NoGrad ignored = dev.more.autograd.NoGrad.enter()) {
            assertThat(a.forwardProjected(Variable.constant(x), mask, output)
                            .value()
                            .toArray())
                    .containsExactly(output.forward(b.forward(Variable.constant(x), mask))
                            .value()
                            .toArray());
        }
    }
}
