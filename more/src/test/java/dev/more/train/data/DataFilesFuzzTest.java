package dev.more.train.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the data readers, {@link DataFiles#read(byte[], String)} for JSONL and for CSV, and the label set made
 * from what they read. Whatever the bytes, reading returns examples or throws a {@link DataFormatException} whose
 * message starts with the source; a data set that is read must give a label set (or a
 * {@link DataFormatException} when it has a single label) that maps every one of its examples. Anything else that
 * escapes, or an input slower than the timeout, fails the test.
 *
 * <p>{@code bin/build test} runs both on {@code DataFilesFuzzTestInputs/<method>/}; {@code scripts/fuzz jsonl} and
 * {@code scripts/fuzz csv} fuzz them.
 */
class DataFilesFuzzTest {
    @FuzzTest
    @Timeout(10)
    void jsonl(byte[] bytes) {
        readAndLabel(bytes, "fuzz/train.jsonl");
    }

    @FuzzTest
    @Timeout(10)
    void csv(byte[] bytes) {
        readAndLabel(bytes, "fuzz/train.csv");
    }

    private static void readAndLabel(byte[] bytes, String source) {
        Dataset data;
        try {
            data = DataFiles.read(bytes, source);
        } catch (DataFormatException e) {
            assertThat(e.getMessage()).startsWith(source + ":");
            return;
        }
        try {
            LabelSet labels = LabelSet.of(data);
            int[] indexes = labels.indexes(data);
            assertThat(indexes).hasSize(data.size());
            assertThat(Arrays.stream(indexes).allMatch(i -> i >= 0 && i < labels.size()))
                    .isTrue();
        } catch (DataFormatException e) {
            assertThat(e.getMessage()).startsWith(source + ": every example has the label");
        }
    }
}
