package dev.more.nn.tokenizer;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A batch of encodings padded to one length: row {@code i} of each matrix belongs to the batch's {@code i}-th text.
 *
 * <p>Padding is on the right: padded positions hold the tokenizer's pad id, type id 0 (or the file's
 * {@code padding.pad_type_id}) and attention mask 0. The record copies the matrices it is given and hands out
 * copies; equality compares contents.
 *
 * @param ids token ids, {@code [batch][length]}
 * @param attentionMask 1 for real tokens, 0 for padding, {@code [batch][length]}
 * @param tokenTypeIds segment ids, {@code [batch][length]}
 */
public record BatchEncoding(int[][] ids, int[][] attentionMask, int[][] tokenTypeIds) {
    /** Checks that the three matrices have the same rectangular shape and copies them. */
    public BatchEncoding {
        Objects.requireNonNull(ids, "ids");
        Objects.requireNonNull(attentionMask, "attentionMask");
        Objects.requireNonNull(tokenTypeIds, "tokenTypeIds");
        if (attentionMask.length != ids.length || tokenTypeIds.length != ids.length) {
            throw new IllegalArgumentException("BatchEncoding: batch sizes differ: ids " + ids.length
                    + ", attentionMask " + attentionMask.length + ", tokenTypeIds " + tokenTypeIds.length);
        }
        int length = ids.length == 0 ? 0 : ids[0].length;
        for (int i = 0; i < ids.length; i++) {
            if (ids[i].length != length || attentionMask[i].length != length || tokenTypeIds[i].length != length) {
                throw new IllegalArgumentException("BatchEncoding: row " + i + " has lengths ids " + ids[i].length
                        + ", attentionMask " + attentionMask[i].length + ", tokenTypeIds " + tokenTypeIds[i].length
                        + "; expected " + length + " (the length of row 0)");
            }
        }
        ids = copy(ids);
        attentionMask = copy(attentionMask);
        tokenTypeIds = copy(tokenTypeIds);
    }

    /**
     * Pads each encoding on the right to {@code length}.
     *
     * @throws IllegalArgumentException if an encoding is longer than {@code length}
     */
    static BatchEncoding pad(List<Encoding> encodings, int length, int padId, int padTypeId) {
        int n = encodings.size();
        int[][] ids = new int[n][length];
        int[][] mask = new int[n][length];
        int[][] types = new int[n][length];
        for (int i = 0; i < n; i++) {
            Encoding e = encodings.get(i);
            if (e.length() > length) {
                throw new IllegalArgumentException(
                        "cannot pad encoding " + i + " of " + e.length() + " tokens to length " + length);
            }
            Arrays.fill(ids[i], padId);
            Arrays.fill(types[i], padTypeId);
            System.arraycopy(e.ids(), 0, ids[i], 0, e.length());
            System.arraycopy(e.attentionMask(), 0, mask[i], 0, e.length());
            System.arraycopy(e.typeIds(), 0, types[i], 0, e.length());
        }
        return new BatchEncoding(ids, mask, types);
    }

    /** Number of rows. */
    public int batchSize() {
        return ids.length;
    }

    /** Common length of the rows (0 for an empty batch). */
    public int sequenceLength() {
        return ids.length == 0 ? 0 : ids[0].length;
    }

    @Override
    public int[][] ids() {
        return copy(ids);
    }

    @Override
    public int[][] attentionMask() {
        return copy(attentionMask);
    }

    @Override
    public int[][] tokenTypeIds() {
        return copy(tokenTypeIds);
    }

    private static int[][] copy(int[][] rows) {
        int[][] out = new int[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = rows[i].clone();
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BatchEncoding b
                && Arrays.deepEquals(ids, b.ids)
                && Arrays.deepEquals(attentionMask, b.attentionMask)
                && Arrays.deepEquals(tokenTypeIds, b.tokenTypeIds);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                Arrays.deepHashCode(ids), Arrays.deepHashCode(attentionMask), Arrays.deepHashCode(tokenTypeIds));
    }

    @Override
    public String toString() {
        return "BatchEncoding[ids=" + Arrays.deepToString(ids) + ", attentionMask=" + Arrays.deepToString(attentionMask)
                + ", tokenTypeIds=" + Arrays.deepToString(tokenTypeIds) + "]";
    }
}
