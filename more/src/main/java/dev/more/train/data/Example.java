package dev.more.train.data;

import java.util.Objects;

/**
 * One labelled example of a sequence-classification data file.
 *
 * @param text the text, or the first text of a pair; not empty
 * @param textPair the second text of a pair, or null for single-text tasks
 * @param label the label as written in the file: a string, or an integer in decimal
 * @param line the line of the file where the example starts (1-based), for error messages
 */
public record Example(String text, String textPair, String label, int line) {
    /** Checks that the text and label are present. */
    public Example {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(label, "label");
    }

    /** True when the example is a text pair. */
    public boolean isPair() {
        return textPair != null;
    }
}
