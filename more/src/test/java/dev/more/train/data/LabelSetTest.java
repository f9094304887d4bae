package dev.more.train.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class LabelSetTest {
    private static Dataset data(String source, String... labels) {
        List<Example> examples = new java.util.ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            examples.add(new Example("t" + i, null, labels[i], i + 1));
        }
        return new Dataset(source, examples);
    }

    @Test
    void stringLabelsAreSortedAsStrings() throws Exception {
        LabelSet set = LabelSet.of(data("a", "pos", "neg", "neutral", "neg"));
        assertThat(set.names()).containsExactly("neg", "neutral", "pos");
        assertThat(set.integers()).isFalse();
        assertThat(set.indexOf("pos")).isEqualTo(2);
        assertThat(set.indexOf("other")).isEqualTo(-1);
    }

    @Test
    void integerLabelsAreSortedByValue() throws Exception {
        LabelSet set = LabelSet.of(data("a", "10", "2", "-1", "2"));
        assertThat(set.names()).containsExactly("-1", "2", "10");
        assertThat(set.integers()).isTrue();
        assertThat(LabelSet.of(data("b", "1", "01")).integers()).isFalse();
    }

    @Test
    void evalLabelsMapThroughTheTrainingSet() throws Exception {
        LabelSet set = LabelSet.of(data("train", "b", "a"));
        assertThat(set.indexes(data("eval", "a", "b", "a"))).containsExactly(0, 1, 0);
        assertThatThrownBy(() -> set.indexes(data("eval.jsonl", "a", "c")))
                .isInstanceOf(DataFormatException.class)
                .hasMessage("eval.jsonl:2: label 'c' is not one of the training labels [a, b]; evaluate on data with "
                        + "the training labels, or train with examples of 'c'");
    }

    @Test
    void oneLabelIsNotATask() {
        assertThatThrownBy(() -> LabelSet.of(data("train.csv", "x", "x")))
                .isInstanceOf(DataFormatException.class)
                .hasMessage("train.csv: every example has the label 'x'; classification needs at least two labels");
        assertThatThrownBy(() -> LabelSet.ofNames(List.of("a", "a"), false)).hasMessageContaining("appears twice");
    }
}
