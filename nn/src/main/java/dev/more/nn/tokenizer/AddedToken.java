package dev.more.nn.tokenizer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An entry of the file's {@code added_tokens}: a token matched in the text before the model runs (special tokens
 * such as {@code [MASK]} or {@code <|endoftext|>}, and user-added words).
 *
 * @param id its id
 * @param content the text it matches
 * @param singleWord match only where no word character touches it on either side
 * @param lstrip the match takes the whitespace on its left
 * @param rstrip the match takes the whitespace on its right
 * @param normalized match in the normalized text (else in the raw text)
 * @param special left out when decoding with {@code skipSpecialTokens}
 */
record AddedToken(
        int id,
        String content,
        boolean singleWord,
        boolean lstrip,
        boolean rstrip,
        boolean normalized,
        boolean special) {

    /**
     * Parses the {@code added_tokens} array (absent means none) and gives each token its id the way the reference
     * loader does, whatever id the file states: the model's id for a content the vocabulary has, else the next id
     * after the vocabulary (and after earlier added tokens). A content listed twice keeps its first id and takes the
     * later options.
     */
    static List<AddedToken> parseAll(JsonField array, Map<String, Integer> modelVocab) throws TokenizerFormatException {
        Map<String, AddedToken> byContent = new LinkedHashMap<>();
        if (array.isAbsent()) {
            return List.of();
        }
        int nextId = modelVocab.size();
        for (JsonField entry : array.elements()) {
            entry.requireObject();
            entry.get("id").nonNegativeInt();
            String content = entry.get("content").text();
            if (content.isEmpty()) {
                throw entry.get("content").error("an added token must not be empty");
            }
            AddedToken earlier = byContent.get(content);
            Integer vocabId = modelVocab.get(content);
            int id = earlier != null ? earlier.id() : vocabId != null ? vocabId : nextId;
            if (id >= nextId) {
                nextId = id + 1;
            }
            // The reference defaults: special tokens are matched in the raw text, others in the normalized text.
            boolean special = entry.get("special").bool(false);
            byContent.put(
                    content,
                    new AddedToken(
                            id,
                            content,
                            entry.get("single_word").bool(false),
                            entry.get("lstrip").bool(false),
                            entry.get("rstrip").bool(false),
                            entry.get("normalized").bool(!special),
                            special));
        }
        return new ArrayList<>(byContent.values());
    }
}
