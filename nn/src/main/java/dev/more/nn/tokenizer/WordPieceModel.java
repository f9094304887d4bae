package dev.more.nn.tokenizer;

import java.util.List;
import java.util.Map;

/**
 * WordPiece: each word becomes the longest vocabulary prefix, then the longest vocabulary entry (with the
 * continuing-subword prefix, {@code ##}) at each following position; a word that cannot be covered so, or that is
 * longer than {@code maxInputCharsPerWord} characters, becomes the unknown token as a whole.
 */
final class WordPieceModel {
    private final Map<String, Integer> vocab;
    private final Token unknown;
    private final String continuingSubwordPrefix;
    private final int maxInputCharsPerWord;

    WordPieceModel(
            Map<String, Integer> vocab, Token unknown, String continuingSubwordPrefix, int maxInputCharsPerWord) {
        this.vocab = vocab;
        this.unknown = unknown;
        this.continuingSubwordPrefix = continuingSubwordPrefix;
        this.maxInputCharsPerWord = maxInputCharsPerWord;
    }

    /** Appends the pieces of one word (a pre-tokenized, normalized word) to {@code out}. */
    void tokenize(String word, List<Token> out) {
        if (word.codePointCount(0, word.length()) > maxInputCharsPerWord) {
            out.add(unknown);
            return;
        }
        int size = out.size();
        int start = 0;
        while (start < word.length()) {
            int end = word.length();
            Token piece = null;
            while (start < end) {
                String candidate =
                        start == 0 ? word.substring(0, end) : continuingSubwordPrefix + word.substring(start, end);
                Integer id = vocab.get(candidate);
                if (id != null) {
                    piece = new Token(id, candidate);
                    break;
                }
                end -= Character.charCount(word.codePointBefore(end));
            }
            if (piece == null) {
                out.subList(size, out.size()).clear();
                out.add(unknown);
                return;
            }
            out.add(piece);
            start = end;
        }
    }
}
