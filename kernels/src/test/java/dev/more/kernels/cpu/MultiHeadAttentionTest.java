package dev.more.kernels.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.more.kernels.AttentionShape;
import dev.more.kernels.DropoutSeed;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fused attention against a reference written out in double: scores, softmax, the dropout mask of
 * {@link DropoutMask#fill} over the whole (batch, heads, seq, seq) tensor, the product with v, and the
 * gradients by the chain rule. Runs at every vector width (the module's test executions).
 */
class MultiHeadAttentionTest {
    /** q, k and v as the three thirds of each token's row of a fused projection, after a few leading floats. */
    private record Operands(AttentionShape s, float[] qkv, TokenRows q, TokenRows k, TokenRows v) {
        static Operands random(AttentionShape s, Random random) {
            int h = s.hidden();
            int lead = 3;
            float[] qkv = new float[lead + s.batch() * s.seq() * 3 * h];
            for (int i = 0; i < qkv.length; i++) {
                qkv[i] = (float) random.nextGaussian();
            }
            return new Operands(
                    s,
                    qkv,
                    new TokenRows(qkv, lead, 3 * h),
                    new TokenRows(qkv, lead + h, 3 * h),
                    new TokenRows(qkv, lead + 2 * h, 3 * h));
        }

        double at(TokenRows x, int b, int t, int head, int d) {
            return x.data()[x.offset() + (b * s.seq() + t) * x.rowStride() + head * s.headDim() + d];
        }
    }

    /** Key padding: sequence b sees its first {@code seq - b} keys. */
    private static float[] keyPadding(AttentionShape s, int[] maskRows) {
        float[] mask = new float[s.batch() * s.seq()];
        for (int b = 0; b < s.batch(); b++) {
            for (int j = Math.max(1, s.seq() - b); j < s.seq(); j++) {
                mask[b * s.seq() + j] = -10000f;
            }
        }
        for (int row = 0; row < s.scoreRows(); row++) {
            maskRows[row] = row / (s.heads() * s.seq()) * s.seq();
        }
        return mask;
    }

    /** Softmax probabilities in double, (batch, heads, seq, seq). */
    private static double[] referenceProbs(Operands o, float scale, float[] mask, int[] maskRows) {
        AttentionShape s = o.s();
        int n = s.seq();
        double[] probs = new double[s.probsSize()];
        for (int b = 0; b < s.batch(); b++) {
            for (int h = 0; h < s.heads(); h++) {
                for (int i = 0; i < n; i++) {
                    int row = (b * s.heads() + h) * n + i;
                    double max = Double.NEGATIVE_INFINITY;
                    double[] z = new double[n];
                    for (int j = 0; j < n; j++) {
                        double dot = 0;
                        for (int d = 0; d < s.headDim(); d++) {
                            dot += o.at(o.q(), b, i, h, d) * o.at(o.k(), b, j, h, d);
                        }
                        z[j] = dot * scale + (mask == null ? 0 : mask[maskRows[row] + j]);
                        max = Math.max(max, z[j]);
                    }
                    double sum = 0;
                    for (int j = 0; j < n; j++) {
                        z[j] = Math.exp(z[j] - max);
                        sum += z[j];
                    }
                    for (int j = 0; j < n; j++) {
                        probs[row * n + j] = z[j] / sum;
                    }
                }
            }
        }
        return probs;
    }

    private static float[] dropoutMask(AttentionShape s, DropoutSeed dropout) {
        float[] keep = new float[s.probsSize()];
        if (dropout.active()) {
            DropoutMask.fill(keep, dropout.seed(), dropout.p(), dropout.keepScale());
        } else {
            java.util.Arrays.fill(keep, 1f);
        }
        return keep;
    }

    private static void check(AttentionShape s, boolean masked, DropoutSeed dropout) {
        Random random = new Random(s.seq() * 31L + s.headDim());
        Operands o = Operands.random(s, random);
        float scale = (float) (1 / Math.sqrt(s.headDim()));
        int[] maskRows = masked ? new int[s.scoreRows()] : null;
        float[] mask = masked ? keyPadding(s, maskRows) : null;
        float[] probs = new float[s.probsSize()];
        float[] context = new float[s.tokensSize()];
        MultiHeadAttention.forward(s, o.q(), o.k(), o.v(), scale, mask, maskRows, dropout, probs, context);
        float[] contextOnly = new float[s.tokensSize()];
        MultiHeadAttention.forward(s, o.q(), o.k(), o.v(), scale, mask, maskRows, dropout, null, contextOnly);
        assertThat(contextOnly).as("context without keeping the probabilities").containsExactly(context);

        double[] p = referenceProbs(o, scale, mask, maskRows);
        float[] keep = dropoutMask(s, dropout);
        int n = s.seq();
        int hd = s.headDim();
        for (int i = 0; i < p.length; i++) {
            assertThat((double) probs[i]).as("probability %d", i).isCloseTo(p[i], within(2e-6));
        }
        float[] dContext = new float[s.tokensSize()];
        for (int i = 0; i < dContext.length; i++) {
            dContext[i] = (float) random.nextGaussian();
        }
        double[] dq = new double[s.tokensSize()];
        double[] dk = new double[s.tokensSize()];
        double[] dv = new double[s.tokensSize()];
        for (int b = 0; b < s.batch(); b++) {
            for (int h = 0; h < s.heads(); h++) {
                int pair = b * s.heads() + h;
                for (int i = 0; i < n; i++) {
                    int out = (b * n + i) * s.hidden() + h * hd;
                    for (int d = 0; d < hd; d++) {
                        double sum = 0;
                        for (int j = 0; j < n; j++) {
                            sum += p[(pair * n + i) * n + j] * keep[(pair * n + i) * n + j] * o.at(o.v(), b, j, h, d);
                        }
                        assertThat((double) context[out + d])
                                .as("context b%d h%d i%d d%d", b, h, i, d)
                                .isCloseTo(sum, within(2e-5));
                    }
                    // Backward for query row i: dP_ij = keep_ij Σ_d dC_id v_jd; dS = P (dP - Σ P dP) scale.
                    double[] dp = new double[n];
                    double dot = 0;
                    for (int j = 0; j < n; j++) {
                        int ij = (pair * n + i) * n + j;
                        for (int d = 0; d < hd; d++) {
                            dp[j] += dContext[out + d] * o.at(o.v(), b, j, h, d);
                        }
                        dp[j] *= keep[ij];
                        dot += dp[j] * p[ij];
                    }
                    for (int j = 0; j < n; j++) {
                        int ij = (pair * n + i) * n + j;
                        double ds = p[ij] * (dp[j] - dot) * scale;
                        int jOut = (b * n + j) * s.hidden() + h * hd;
                        for (int d = 0; d < hd; d++) {
                            dq[out + d] += ds * o.at(o.k(), b, j, h, d);
                            dk[jOut + d] += ds * o.at(o.q(), b, i, h, d);
                            dv[jOut + d] += p[ij] * keep[ij] * dContext[out + d];
                        }
                    }
                }
            }
        }
        float[] gq = new float[s.tokensSize()];
        float[] gk = new float[s.tokensSize()];
        float[] gv = new float[s.tokensSize()];
        MultiHeadAttention.backward(
                s, o.q(), o.k(), o.v(), probs, scale, dropout, TokenRows.contiguous(dContext, s.hidden()), gq, gk, gv);
        for (int i = 0; i < gq.length; i++) {
            assertThat((double) gq[i]).as("dq %d", i).isCloseTo(dq[i], within(1e-4));
            assertThat((double) gk[i]).as("dk %d", i).isCloseTo(dk[i], within(1e-4));
            assertThat((double) gv[i]).as("dv %d", i).isCloseTo(dv[i], within(1e-4));
        }
        float[] onlyDk = new float[s.tokensSize()];
        MultiHeadAttention.backward(
                s,
                o.q(),
                o.k(),
                o.v(),
                probs,
                scale,
                dropout,
                TokenRows.contiguous(dContext, s.hidden()),
                null,
                onlyDk,
                null);
        assertThat(onlyDk).as("dk alone").containsExactly(gk);
    }

    @Test
    void oddShapesWithoutMaskOrDropout() {
        check(new AttentionShape(2, 3, 7, 5), false, DropoutSeed.NONE);
        check(new AttentionShape(1, 1, 1, 1), false, DropoutSeed.NONE);
    }

    @Test
    void keyPaddingAndDropout() {
        check(new AttentionShape(3, 2, 9, 4), true, new DropoutSeed(1234, 0.3f));
    }

    @Test
    void productsLargeEnoughForThePackedGemm() {
        check(new AttentionShape(2, 2, 67, 33), true, new DropoutSeed(77, 0.1f));
    }

    @Test
    void dropoutOfOneKeepsNothing() {
        AttentionShape s = new AttentionShape(1, 2, 5, 3);
        Operands o = Operands.random(s, new Random(3));
        float[] context = new float[s.tokensSize()];
        java.util.Arrays.fill(context, 1f);
        MultiHeadAttention.forward(s, o.q(), o.k(), o.v(), 1f, null, null, new DropoutSeed(0, 1f), null, context);
        assertThat(context).containsOnly(0f);
    }
}
