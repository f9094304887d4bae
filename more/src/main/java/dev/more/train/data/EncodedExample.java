package dev.more.train.data;

import java.util.Objects;

/**
 * One example as token ids, truncated but not padded.
 *
 * @param index the example's position in its data set
 * @param ids token ids with the model's special tokens
 * @param typeIds segment id of each token (1 for the second text of a pair, where the model says so)
 * @param label the class index, or -1 when unknown (texts to predict)
 */
public record EncodedExample(int index, int[] ids, int[] typeIds, int label) {
    /** Checks that ids and type ids have one entry per token. */
    public EncodedExample {
        Objects.requireNonNull(ids, "ids");
        Objects.requireNonNull(typeIds, "typeIds");
        if (ids.length != typeIds.length || ids.length == 0) {
            throw new IllegalArgumentException("example " + index + ": " + ids.length + " ids and " + typeIds.length
                    + " type ids; expected the same non-zero count");
        }
    }

    /** The number of tokens. */
    public int length() {
        return ids.length;
    }
}
