package dev.more.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RowLookupsTest {
    private final Rng rng = new Rng(8);

    @Test
    void sumsTheLookupsInOrderWithTheirBits() {
        Tensor words = Tensor.randn(rng, 30, 20);
        Tensor positions = Tensor.randn(rng, 6, 20);
        Tensor types = Tensor.randn(rng, 2, 21).narrow(1, 1, 20); // a view: looked up through a copy
        int[] ids = {4, 29, 0, 4, 17, 3, 3, 8};
        int[] places = {0, 1, 2, 3, 0, 1, 2, 3};
        int[] kinds = {0, 0, 1, 1, 0, 1, 0, 1};
        Tensor sum = RowLookups.sum(List.of(words, positions, types), List.of(ids, places, kinds));
        Tensor expected =
                words.indexSelect(0, ids).add(positions.indexSelect(0, places)).add(types.indexSelect(0, kinds));
        assertThat(sum.shape()).containsExactly(8, 20);
        assertThat(sum.toArray()).containsExactly(expected.toArray());
    }

    @Test
    void namesWhatDoesNotFit() {
        Tensor table = Tensor.zeros(4, 3);
        assertThatThrownBy(() -> RowLookups.sum(List.of(table, Tensor.zeros(4, 2)), List.of(new int[2], new int[2])))
                .isInstanceOf(ShapeException.class)
                .hasMessageContaining("every table must be a matrix");
        assertThatThrownBy(() -> RowLookups.sum(List.of(table, table), List.of(new int[2], new int[3])))
                .isInstanceOf(ShapeException.class)
                .hasMessageContaining("every row list must have the first's length");
        assertThatThrownBy(() -> RowLookups.sum(List.of(table), List.of(new int[] {4})))
                .isInstanceOf(IndexOutOfRangeException.class)
                .hasMessageContaining("4");
        assertThatThrownBy(() -> RowLookups.sum(List.of(table), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("one row list per table");
    }
}
