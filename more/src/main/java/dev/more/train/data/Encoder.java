package dev.more.train.data;

import dev.more.nn.tokenizer.Encoding;
import dev.more.nn.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.List;

/** Tokenizes data once, before training, so that batches are cut from token counts. */
public final class Encoder {
    private Encoder() {}

    /**
     * Encodes every example of {@code data} (pairs as pairs), truncated to {@code maxLength} tokens, with
     * its class index in {@code labels}.
     *
     * @throws DataFormatException if an example has a label {@code labels} does not have
     */
    public static List<EncodedExample> encode(Dataset data, Tokenizer tokenizer, int maxLength, LabelSet labels)
            throws DataFormatException {
        int[] classes = labels.indexes(data);
        List<EncodedExample> out = new ArrayList<>(data.size());
        for (int i = 0; i < data.size(); i++) {
            Example e = data.examples().get(i);
            out.add(encode(i, e.text(), e.textPair(), tokenizer, maxLength, classes[i]));
        }
        return out;
    }

    /** Encodes texts to classify (label -1); {@code pairs} is null, or holds one second text per text. */
    public static List<EncodedExample> encodeTexts(
            List<String> texts, List<String> pairs, Tokenizer tokenizer, int maxLength) {
        if (pairs != null && pairs.size() != texts.size()) {
            throw new IllegalArgumentException(texts.size() + " texts but " + pairs.size() + " second texts");
        }
        List<EncodedExample> out = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            out.add(encode(i, texts.get(i), pairs == null ? null : pairs.get(i), tokenizer, maxLength, -1));
        }
        return out;
    }

    private static EncodedExample encode(
            int index, String text, String pair, Tokenizer tokenizer, int maxLength, int label) {
        Encoding encoding = pair == null ? tokenizer.encode(text, maxLength) : tokenizer.encode(text, pair, maxLength);
        return new EncodedExample(index, encoding.ids(), encoding.typeIds(), label);
    }
}
