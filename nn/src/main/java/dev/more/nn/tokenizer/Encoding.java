package dev.more.nn.tokenizer;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One encoded text (or text pair): the token ids with the model's special tokens, one segment id per token
 * ({@code 0} for the first text, {@code 1} for the second where the model's template says so), an attention mask
 * ({@code 1} for real tokens, {@code 0} for padding) and the token strings.
 *
 * <p>Token strings are the vocabulary entries, e.g. {@code "##ing"} for WordPiece or {@code "Ġthe"} for byte-level
 * BPE, where each character stands for one byte. All four have the same length. The record copies the arrays it is
 * given and hands out copies, so an encoding never changes; equality compares contents.
 *
 * @param ids token ids
 * @param typeIds segment (token type) id of each token
 * @param attentionMask 1 for a token the model attends to, 0 for padding
 * @param tokens the vocabulary string of each token
 */
public record Encoding(int[] ids, int[] typeIds, int[] attentionMask, List<String> tokens) {
    /** Checks that all four have one entry per token and copies them. */
    public Encoding {
        Objects.requireNonNull(ids, "ids");
        Objects.requireNonNull(typeIds, "typeIds");
        Objects.requireNonNull(attentionMask, "attentionMask");
        Objects.requireNonNull(tokens, "tokens");
        if (typeIds.length != ids.length || attentionMask.length != ids.length || tokens.size() != ids.length) {
            throw new IllegalArgumentException("Encoding: lengths differ: ids " + ids.length + ", typeIds "
                    + typeIds.length + ", attentionMask " + attentionMask.length + ", tokens " + tokens.size());
        }
        ids = ids.clone();
        typeIds = typeIds.clone();
        attentionMask = attentionMask.clone();
        tokens = List.copyOf(tokens);
    }

    /** Number of tokens. */
    public int length() {
        return ids.length;
    }

    @Override
    public int[] ids() {
        return ids.clone();
    }

    @Override
    public int[] typeIds() {
        return typeIds.clone();
    }

    @Override
    public int[] attentionMask() {
        return attentionMask.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Encoding e
                && Arrays.equals(ids, e.ids)
                && Arrays.equals(typeIds, e.typeIds)
                && Arrays.equals(attentionMask, e.attentionMask)
                && tokens.equals(e.tokens);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(ids), Arrays.hashCode(typeIds), Arrays.hashCode(attentionMask), tokens);
    }

    @Override
    public String toString() {
        return "Encoding[ids=" + Arrays.toString(ids) + ", typeIds=" + Arrays.toString(typeIds) + ", attentionMask="
                + Arrays.toString(attentionMask) + ", tokens=" + tokens + "]";
    }
}
