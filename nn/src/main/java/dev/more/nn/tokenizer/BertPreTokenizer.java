package dev.more.nn.tokenizer;

import java.util.function.Consumer;

/** BERT's pre-tokenizer: split on whitespace (dropped), then make each punctuation character a word of its own. */
final class BertPreTokenizer {
    private BertPreTokenizer() {}

    /** Hands each word of {@code text}, in order, to {@code words}. */
    static void split(String text, Consumer<String> words) {
        int start = 0;
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            int next = i + Character.charCount(cp);
            boolean whitespace = CharClasses.isWhiteSpace(cp);
            if (whitespace || CharClasses.isBertPunctuation(cp)) {
                if (start < i) {
                    words.accept(text.substring(start, i));
                }
                if (!whitespace) {
                    words.accept(text.substring(i, next));
                }
                start = next;
            }
            i = next;
        }
        if (start < text.length()) {
            words.accept(text.substring(start));
        }
    }
}
