package dev.more.nn.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Encoding} and {@link BatchEncoding}: shape checks, value semantics and no shared arrays. */
class RecordsTest {
    @Test
    void anEncodingChecksItsLengthsAndComparesByContent() {
        Encoding a = new Encoding(new int[] {1, 2}, new int[] {0, 0}, new int[] {1, 1}, List.of("x", "y"));
        Encoding b = new Encoding(new int[] {1, 2}, new int[] {0, 0}, new int[] {1, 1}, List.of("x", "y"));
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.toString()).contains("ids=[1, 2]");
        assertThatThrownBy(() -> new Encoding(new int[] {1}, new int[0], new int[] {1}, List.of("x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Encoding: lengths differ: ids 1, typeIds 0, attentionMask 1, tokens 1");
    }

    @Test
    void anEncodingSharesNoArrayWithItsCaller() {
        int[] ids = {1, 2};
        Encoding e = new Encoding(ids, new int[2], new int[] {1, 1}, List.of("x", "y"));
        ids[0] = 9;
        e.ids()[1] = 9;
        assertThat(e.ids()).containsExactly(1, 2);
    }

    @Test
    void aBatchMustBeRectangularAndSharesNoArray() {
        int[][] ids = {{1, 2}, {3, 0}};
        BatchEncoding batch = new BatchEncoding(ids, new int[][] {{1, 1}, {1, 0}}, new int[2][2]);
        ids[1][1] = 7;
        batch.ids()[0][0] = 7;
        assertThat(batch.ids()).isDeepEqualTo(new int[][] {{1, 2}, {3, 0}});
        assertThat(batch.sequenceLength()).isEqualTo(2);
        assertThat(batch)
                .isEqualTo(new BatchEncoding(
                        new int[][] {{1, 2}, {3, 0}}, new int[][] {{1, 1}, {1, 0}}, new int[2][2]));
        assertThatThrownBy(() -> new BatchEncoding(
                        new int[][] {{1, 2}, {3}}, new int[][] {{1, 1}, {1}}, new int[][] {{0, 0}, {0}}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("BatchEncoding: row 1 has lengths ids 1, attentionMask 1, tokenTypeIds 1; expected 2 "
                        + "(the length of row 0)");
        assertThatThrownBy(() -> new BatchEncoding(new int[1][1], new int[2][1], new int[1][1]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
