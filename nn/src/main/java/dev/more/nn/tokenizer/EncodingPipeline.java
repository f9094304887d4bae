package dev.more.nn.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.function.UnaryOperator;

/**
 * The encoding steps the tokenizers share, in the reference library's order: find added tokens, normalize,
 * pre-tokenize and run the model on the rest (the {@link Model}), truncate, add special tokens, pad.
 */
final class EncodingPipeline {
    /** Pre-tokenization and the model: normalized text without added tokens to tokens. */
    @FunctionalInterface
    interface Model {
        void tokenize(String normalizedText, List<Token> out);
    }

    private final AddedTokens addedTokens;
    private final UnaryOperator<String> normalizer;
    private final Model model;
    private final PostProcessor postProcessor;
    private final OptionalInt padId;
    private final int padTypeId;

    EncodingPipeline(
            AddedTokens addedTokens,
            UnaryOperator<String> normalizer,
            Model model,
            PostProcessor postProcessor,
            OptionalInt padId,
            int padTypeId) {
        this.addedTokens = addedTokens;
        this.normalizer = normalizer;
        this.model = model;
        this.postProcessor = postProcessor;
        this.padId = padId;
        this.padTypeId = padTypeId;
    }

    /** The tokens of one text, without special tokens. */
    List<Token> tokenize(String text) {
        Objects.requireNonNull(text, "text");
        List<Token> out = new ArrayList<>();
        for (AddedTokens.Segment raw : addedTokens.splitRaw(text)) {
            if (raw.token() != null) {
                out.add(new Token(raw.token().id(), raw.token().content()));
                continue;
            }
            for (AddedTokens.Segment normalized : addedTokens.splitNormalized(normalizer.apply(raw.text()))) {
                if (normalized.token() != null) {
                    out.add(new Token(
                            normalized.token().id(), normalized.token().content()));
                } else {
                    model.tokenize(normalized.text(), out);
                }
            }
        }
        return out;
    }

    /** Encodes a text, or a pair if {@code second} is not null, truncated to {@code maxLength} tokens in all. */
    Encoding encode(String first, String second, int maxLength) {
        if (maxLength < 0) {
            throw new IllegalArgumentException("maxLength must be at least 0 (or NO_LIMIT), got " + maxLength);
        }
        List<Token> a = tokenize(first);
        List<Token> b = second == null ? null : tokenize(second);
        if (maxLength != Tokenizer.NO_LIMIT) {
            int added = postProcessor.addedTokens(b != null);
            if (maxLength < added) {
                throw new IllegalArgumentException("maxLength " + maxLength + " is smaller than the " + added
                        + " special tokens added to " + (b == null ? "a text" : "a pair"));
            }
            int[] lengths = truncatedLengths(a.size(), b == null ? -1 : b.size(), maxLength - added);
            a = a.subList(0, lengths[0]);
            if (b != null) {
                b = b.subList(0, lengths[1]);
            }
        }
        return postProcessor.apply(a, b);
    }

    /**
     * The reference library's longest-first truncation: the lengths to keep of sequences of {@code n1} and
     * {@code n2} tokens ({@code n2 < 0}: no second sequence) within {@code budget} tokens. For a pair, the shorter
     * sequence is kept whole if the longer one can absorb the cut; otherwise both are cut to about half the budget,
     * the first getting {@code budget / 2} when it is not the longer one.
     */
    static int[] truncatedLengths(int n1, int n2, int budget) {
        if (n2 < 0) {
            return new int[] {Math.min(n1, budget), 0};
        }
        if (n1 + n2 <= budget) {
            return new int[] {n1, n2};
        }
        boolean swap = n1 > n2;
        int shorter = Math.min(n1, n2);
        int longer = shorter > budget ? shorter : Math.max(shorter, budget - shorter);
        if (shorter + longer > budget) {
            shorter = budget / 2;
            longer = shorter + budget % 2;
        }
        int keep1 = swap ? longer : shorter;
        int keep2 = swap ? shorter : longer;
        return new int[] {Math.min(n1, keep1), Math.min(n2, keep2)};
    }

    /** Encodes each text (or pair, if {@code seconds} is not null) and pads the batch. */
    BatchEncoding encodeBatch(List<String> firsts, List<String> seconds, int maxLength, Padding padding) {
        Objects.requireNonNull(firsts, "texts");
        Objects.requireNonNull(padding, "padding");
        if (seconds != null && seconds.size() != firsts.size()) {
            throw new IllegalArgumentException(
                    "encodePairBatch: " + firsts.size() + " first texts but " + seconds.size() + " second texts");
        }
        if (padding == Padding.MAX_LENGTH && maxLength == Tokenizer.NO_LIMIT) {
            throw new IllegalArgumentException("Padding.MAX_LENGTH needs a maxLength, not NO_LIMIT");
        }
        List<Encoding> encodings = new ArrayList<>(firsts.size());
        for (int i = 0; i < firsts.size(); i++) {
            encodings.add(encode(firsts.get(i), seconds == null ? null : seconds.get(i), maxLength));
        }
        int longest = encodings.stream().mapToInt(Encoding::length).max().orElse(0);
        int length = padding == Padding.MAX_LENGTH ? maxLength : longest;
        boolean needsPadding = encodings.stream().anyMatch(e -> e.length() < length);
        if (needsPadding && padId.isEmpty()) {
            throw new IllegalStateException("cannot pad the batch to " + length
                    + " tokens: the tokenizer has no pad token (the file has no padding.pad_id and the vocabulary no"
                    + " conventional pad token)");
        }
        return BatchEncoding.pad(encodings, length, padId.orElse(0), padTypeId);
    }

    OptionalInt padId() {
        return padId;
    }
}
