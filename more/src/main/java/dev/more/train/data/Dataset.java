package dev.more.train.data;

import java.util.List;
import java.util.Objects;

/**
 * The examples of one data file, in file order. Either every example is a text pair or none is.
 *
 * @param source the file's name as given, for messages
 * @param examples the examples, at least one
 */
public record Dataset(String source, List<Example> examples) {
    /** Copies the list and checks that it is not empty and does not mix single texts with pairs. */
    public Dataset {
        Objects.requireNonNull(source, "source");
        examples = List.copyOf(examples);
        if (examples.isEmpty()) {
            throw new IllegalArgumentException(source + ": no examples");
        }
        boolean pairs = examples.getFirst().isPair();
        for (Example e : examples) {
            if (e.isPair() != pairs) {
                throw new IllegalArgumentException(source + ":" + e.line() + ": " + (pairs ? "has no" : "has a")
                        + " text_pair, unlike the first example (line "
                        + examples.getFirst().line()
                        + "); a file holds either single texts or pairs");
            }
        }
    }

    /** True when every example is a text pair. */
    public boolean isPairs() {
        return examples.getFirst().isPair();
    }

    /** The number of examples. */
    public int size() {
        return examples.size();
    }
}
