package dev.more.nn.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.more.tensor.Tensor;
import org.junit.jupiter.api.Test;

class AttentionMaskTest {
    private static final float M = AttentionMask.MASKED;

    @Test
    void maskedIsFloat32Min() {
        assertThat(M).isEqualTo(-3.4028235e38f);
    }

    @Test
    void paddingMasksKeysPerSequence() {
        Tensor mask = AttentionMask.additive(new int[][] {{1, 1, 0}, {1, 0, 0}}, 2, 3, false);
        assertThat(mask.shape()).containsExactly(2, 1, 1, 3);
        assertThat(mask.toArray()).containsExactly(0, 0, M, 0, M, M);
    }

    @Test
    void causalMasksLaterKeysAndCombinesWithPaddingWithoutOverflow() {
        Tensor causal = AttentionMask.additive(null, 1, 3, true);
        assertThat(causal.shape()).containsExactly(1, 1, 3, 3);
        assertThat(causal.toArray()).containsExactly(0, M, M, 0, 0, M, 0, 0, 0);
        Tensor both = AttentionMask.additive(new int[][] {{0, 1, 1}}, 1, 3, true);
        assertThat(both.toArray()).containsExactly(M, M, M, M, 0, M, M, 0, 0);
    }

    @Test
    void nothingToMaskIsNull() {
        assertThat(AttentionMask.additive(null, 2, 5, false)).isNull();
    }

    @Test
    void rejectsMalformedMasks() {
        assertThatThrownBy(() -> AttentionMask.additive(new int[][] {{1, 2}}, 1, 2, false))
                .hasMessage("AttentionMask: attention mask [0][1] is 2, not 0 or 1");
        assertThatThrownBy(() -> AttentionMask.additive(new int[][] {{1, 1}}, 2, 2, false))
                .hasMessage("AttentionMask: attention mask is 1 x 2, the input ids are 2 x 2");
        assertThatThrownBy(() -> AttentionMask.additive(new int[][] {{1, 1}, {1}}, 2, 2, false))
                .hasMessageContaining("row 1 has length 1");
    }
}
