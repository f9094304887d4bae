package dev.more.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LayoutTest {
    @Test
    void contiguousStridesAreRowMajor() {
        Layout l = Layout.contiguous(2, 3, 4);
        assertThat(l.strides()).containsExactly(12, 4, 1);
        assertThat(l.isContiguous()).isTrue();
        assertThat(l.numel()).isEqualTo(24);
    }

    @Test
    void reshapeOfContiguousIsAView() {
        Layout l = Layout.contiguous(2, 3, 4).reshapeView(new int[] {6, 4});
        assertThat(l).isNotNull();
        assertThat(l.strides()).containsExactly(4, 1);
    }

    @Test
    void reshapeOfTransposeNeedsACopyUnlessDimensionsStayApart() {
        Layout t = Layout.contiguous(2, 3, 4).permute(0, 2, 1); // (2, 4, 3)
        assertThat(t.isContiguous()).isFalse();
        assertThat(t.reshapeView(new int[] {8, 3})).isNull(); // merges 4 and ... no, 2 and 4 are not adjacent in memory
        Layout split = t.reshapeView(new int[] {2, 2, 2, 3}); // splitting the middle dimension is fine
        assertThat(split).isNotNull();
        assertThat(split.strides()).containsExactly(12, 2, 1, 4);
        // Merging the leading dimension with a broadcast one is impossible; with a size-1 one is fine.
        Layout withOne = Layout.contiguous(3, 1, 4);
        assertThat(withOne.reshapeView(new int[] {12}).strides()).containsExactly(1);
    }

    @Test
    void expandUsesZeroStrides() {
        Layout l = Layout.contiguous(3, 1).expand(new int[] {2, 3, 5});
        assertThat(l.shape()).containsExactly(2, 3, 5);
        assertThat(l.strides()).containsExactly(0, 1, 0);
        assertThatThrownBy(() -> Layout.contiguous(3, 2).expand(new int[] {3, 4}))
                .isInstanceOf(ShapeException.class)
                .hasMessage("expand: shapes [3, 2] and [3, 4]: dimension 1 of size 2 cannot be broadcast to 4");
    }

    @Test
    void narrowMovesTheOffset() {
        Layout l = Layout.contiguous(4, 5).narrow(1, 2, 3);
        assertThat(l.offset()).isEqualTo(2);
        assertThat(l.shape()).containsExactly(4, 3);
        assertThat(l.offsetOf(1, 1)).isEqualTo(8);
        assertThatThrownBy(() -> Layout.contiguous(4, 5).narrow(1, 3, 3))
                .hasMessageContaining("range [3, 6) is outside dimension 1 of size 5");
    }

    @Test
    void squeezeAndUnsqueeze() {
        Layout l = Layout.contiguous(2, 3).unsqueeze(1);
        assertThat(l.shape()).containsExactly(2, 1, 3);
        assertThat(l.squeeze(1)).isEqualTo(Layout.contiguous(2, 3));
        assertThatThrownBy(() -> l.squeeze(0)).hasMessageContaining("dimension 0 has size 2, not 1");
    }

    @Test
    void permuteRejectsRepeatedAxes() {
        assertThatThrownBy(() -> Layout.contiguous(2, 3).permute(0, 0))
                .isInstanceOf(ShapeException.class)
                .hasMessageContaining("must name each of the 2 dimensions once");
    }
}
