package dev.more.nn.tokenizer;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Turns text into token ids for a model and back, the way the Hugging Face {@code tokenizers} library does for the
 * same {@code tokenizer.json}.
 *
 * <p>Encoding adds the model's special tokens (e.g. {@code [CLS] ... [SEP]}). Truncation, where asked for, is on the
 * right and counts the special tokens: a pair is cut longest-first, as the reference library does. Nothing is
 * truncated or padded implicitly: the {@code truncation} and {@code padding} sections of the file are not applied
 * (only the pad id they name is used), so every call states its own limit.
 *
 * <p>Implementations are immutable and safe to share between threads.
 */
public interface Tokenizer {
    /** The {@code maxLength} that means "do not truncate". */
    int NO_LIMIT = Integer.MAX_VALUE;

    /** Encodes one text with special tokens and no truncation. */
    default Encoding encode(String text) {
        return encode(text, NO_LIMIT);
    }

    /**
     * Encodes one text with special tokens, truncated to at most {@code maxLength} tokens in all.
     *
     * @throws IllegalArgumentException if {@code maxLength} is smaller than the number of special tokens added
     */
    Encoding encode(String text, int maxLength);

    /** Encodes a text pair (e.g. {@code [CLS] first [SEP] second [SEP]}) with no truncation. */
    default Encoding encode(String first, String second) {
        return encode(first, second, NO_LIMIT);
    }

    /**
     * Encodes a text pair truncated longest-first to at most {@code maxLength} tokens in all.
     *
     * @throws IllegalArgumentException if {@code maxLength} is smaller than the number of special tokens added
     */
    Encoding encode(String first, String second, int maxLength);

    /**
     * Encodes each text, truncated to {@code maxLength} (or {@link #NO_LIMIT}), and pads the rows to one length.
     *
     * @throws IllegalArgumentException if {@code padding} is {@link Padding#MAX_LENGTH} with {@link #NO_LIMIT}
     * @throws IllegalStateException if rows need padding and the tokenizer has no pad id ({@link #padId()})
     */
    BatchEncoding encodeBatch(List<String> texts, int maxLength, Padding padding);

    /**
     * Encodes the pairs {@code (firsts[i], seconds[i])} as {@link #encode(String, String, int)} does and pads the
     * rows to one length.
     *
     * @throws IllegalArgumentException if the lists differ in size, or as {@link #encodeBatch}
     * @throws IllegalStateException as {@link #encodeBatch}
     */
    BatchEncoding encodePairBatch(List<String> firsts, List<String> seconds, int maxLength, Padding padding);

    /** Decodes ids to text, leaving out special tokens. */
    default String decode(int[] ids) {
        return decode(ids, true);
    }

    /**
     * Decodes ids to text.
     *
     * @param skipSpecialTokens whether to leave out special tokens such as {@code [CLS]} and {@code [PAD]}
     * @throws IllegalArgumentException if an id is not in the vocabulary (the reference library skips such ids
     *     silently; here it is an error so that a wrong id is noticed)
     */
    String decode(int[] ids, boolean skipSpecialTokens);

    /**
     * Size of the id space: one more than the highest id of the vocabulary and the added tokens, i.e. the number of
     * rows an embedding table for this tokenizer needs.
     */
    int vocabSize();

    /** The id of a vocabulary or added token, given as it appears in the vocabulary (e.g. {@code "##ing"}). */
    OptionalInt tokenId(String token);

    /** The token string of an id. */
    Optional<String> token(int id);

    /** The id used to pad batches: the file's {@code padding.pad_id}, else the model's conventional pad token. */
    OptionalInt padId();
}
