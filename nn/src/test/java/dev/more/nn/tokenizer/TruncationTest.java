package dev.more.nn.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Longest-first truncation of a pair. The expected lengths are the reference library's own unit-test table
 * ({@code truncate_encodings_longest_first} in {@code tokenizers/src/utils/truncation.rs}: sequences of 0, 2, 4
 * and 8 tokens cut to 7), plus its zero-length case and single sequences.
 */
class TruncationTest {
    @ParameterizedTest(name = "{0} + {1} tokens within {2} -> {3} + {4}")
    @CsvSource({
        "0, 0, 7, 0, 0", "0, 2, 7, 0, 2", "0, 4, 7, 0, 4", "0, 8, 7, 0, 7",
        "2, 0, 7, 2, 0", "2, 2, 7, 2, 2", "2, 4, 7, 2, 4", "2, 8, 7, 2, 5",
        "4, 0, 7, 4, 0", "4, 2, 7, 4, 2", "4, 4, 7, 3, 4", "4, 8, 7, 3, 4",
        "8, 0, 7, 7, 0", "8, 2, 7, 5, 2", "8, 4, 7, 4, 3", "8, 8, 7, 3, 4",
        "0, 2, 0, 0, 0", "4, 4, 0, 0, 0", "8, 8, 0, 0, 0",
    })
    void pairsAreCutLongestFirstAsInTheReference(int n1, int n2, int budget, int keep1, int keep2) {
        assertThat(EncodingPipeline.truncatedLengths(n1, n2, budget)).containsExactly(keep1, keep2);
    }

    @ParameterizedTest(name = "{0} tokens within {1} -> {2}")
    @CsvSource({"0, 5, 0", "5, 5, 5", "9, 5, 5", "9, 0, 0"})
    void aSingleSequenceKeepsItsFirstTokens(int n, int budget, int keep) {
        assertThat(EncodingPipeline.truncatedLengths(n, -1, budget)[0]).isEqualTo(keep);
    }
}
