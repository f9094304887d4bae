package dev.more.train.data;

/**
 * A padded batch: rows are right-padded to the longest example of the batch.
 *
 * @param indexes each row's example index in its data set
 * @param ids token ids, {@code [rows][length]}
 * @param attentionMask 1 for tokens, 0 for padding
 * @param tokenTypeIds segment ids (0 on padding)
 * @param labels each row's class index (-1 when unknown)
 */
public record Batch(int[] indexes, int[][] ids, int[][] attentionMask, int[][] tokenTypeIds, int[] labels) {
    /** The number of rows. */
    public int size() {
        return indexes.length;
    }

    /** The padded length. */
    public int length() {
        return ids.length == 0 ? 0 : ids[0].length;
    }

    /** The number of real (non-padding) tokens. */
    public int tokens() {
        int n = 0;
        for (int[] row : attentionMask) {
            for (int m : row) {
                n += m;
            }
        }
        return n;
    }
}
