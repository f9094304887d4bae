package dev.more.nn.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.more.tensor.Rng;
import org.junit.jupiter.api.Test;

class TokenSamplerTest {
    private static final float[] LOGITS = {0.5f, 3f, -1f, 2f, 3f};

    @Test
    void greedyPicksTheFirstLargest() {
        assertThat(TokenSampler.pick(LOGITS, 1, null)).isEqualTo(1);
    }

    @Test
    void topKSamplesOnlyAmongTheKLargestInProportionToTheirSoftmax() {
        Rng rng = new Rng(3);
        int[] counts = new int[LOGITS.length];
        int draws = 20_000;
        for (int i = 0; i < draws; i++) {
            counts[TokenSampler.pick(LOGITS, 3, rng)]++;
        }
        assertThat(counts[0]).isZero();
        assertThat(counts[2]).isZero();
        // Softmax over logits 3, 3, 2: e / (2e + 1) for each 3 and 1 / (2e + 1) for the 2.
        double pTop = Math.E / (2 * Math.E + 1);
        assertThat(counts[1] / (double) draws).isBetween(pTop - 0.02, pTop + 0.02);
        assertThat(counts[4] / (double) draws).isBetween(pTop - 0.02, pTop + 0.02);
        assertThat(counts[3] / (double) draws).isBetween(1 - 2 * pTop - 0.02, 1 - 2 * pTop + 0.02);
    }

    @Test
    void kZeroOrAboveTheVocabularyUsesEveryToken() {
        Rng rng = new Rng(4);
        boolean[] seen = new boolean[LOGITS.length];
        for (int i = 0; i < 5_000; i++) {
            seen[TokenSampler.pick(LOGITS, i % 2 == 0 ? 0 : 99, rng)] = true;
        }
        assertThat(seen).containsOnly(true);
    }
}
