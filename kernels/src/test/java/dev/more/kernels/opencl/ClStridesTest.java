package dev.more.kernels.opencl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ClStridesTest {
    @Test
    void mergesWhatEveryOperandWalksAsOne() {
        ClStrides.Walk w = ClStrides.coalesce(new int[] {2, 3, 4}, new int[] {12, 4, 1}, new int[] {0, 0, 1});
        assertThat(w.shape()).containsExactly(6, 4);
        assertThat(w.strides()[0]).containsExactly(4, 1);
        assertThat(w.strides()[1]).containsExactly(0, 1);
        ClStrides.Walk all = ClStrides.coalesce(new int[] {2, 3, 4}, new int[] {12, 4, 1});
        assertThat(all.shape()).containsExactly(24);
        assertThat(all.numel()).isEqualTo(24);
    }

    @Test
    void dropsSizeOneDimensionsAndKeepsTransposes() {
        ClStrides.Walk w = ClStrides.coalesce(new int[] {1, 3, 1, 2}, new int[] {99, 1, 7, 3});
        assertThat(w.shape()).containsExactly(3, 2);
        assertThat(w.strides()[0]).containsExactly(1, 3);
        assertThat(ClStrides.coalesce(new int[] {1, 1}, new int[] {5, 5}).shape())
                .isEmpty();
    }

    @Test
    void packsStructs() {
        assertThat(ClStrides.shapeStruct(new int[] {4, 5})).containsExactly(2, 4, 5, 1, 1, 1, 1, 1, 1);
        assertThat(ClStrides.viewStruct(3, new int[] {5, 1})).containsExactly(3, 5, 1, 0, 0, 0, 0, 0, 0);
        assertThatThrownBy(() -> ClStrides.coalesce(
                        new int[] {2, 2, 2, 2, 2, 2, 2, 2, 2}, new int[] {1, 2, 4, 8, 16, 32, 64, 128, 256}))
                .isInstanceOf(OpenClException.class)
                .hasMessageContaining("at most 8");
    }
}
