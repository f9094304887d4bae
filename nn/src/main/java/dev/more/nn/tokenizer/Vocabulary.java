package dev.more.nn.tokenizer;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/** Token strings and ids of the model's vocabulary together with the added tokens (which take precedence). */
final class Vocabulary {
    private final Map<String, Integer> ids;
    private final Map<Integer, String> tokens;
    private final Set<Integer> specialIds;
    private final int size;

    Vocabulary(Map<String, Integer> modelVocab, List<AddedToken> added) {
        this.ids = new HashMap<>(modelVocab);
        this.tokens = new HashMap<>();
        modelVocab.forEach((token, id) -> tokens.put(id, token));
        this.specialIds = new HashSet<>();
        for (AddedToken token : added) {
            ids.put(token.content(), token.id());
            tokens.put(token.id(), token.content());
            if (token.special()) {
                specialIds.add(token.id());
            }
        }
        this.size = tokens.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
    }

    /**
     * Parses a {@code model.vocab} object of token to id; ids must be non-negative integers, each used once.
     */
    static Map<String, Integer> parse(JsonField vocab) throws TokenizerFormatException {
        Map<String, Integer> result = new LinkedHashMap<>();
        Map<Integer, String> seen = new HashMap<>();
        for (Map.Entry<String, JsonField> entry : vocab.members().entrySet()) {
            int id = entry.getValue().nonNegativeInt();
            String previous = seen.put(id, entry.getKey());
            if (previous != null) {
                throw entry.getValue().error("id " + id + " is also the id of \"" + previous + "\"");
            }
            result.put(entry.getKey(), id);
        }
        if (result.isEmpty()) {
            throw vocab.error("the vocabulary is empty");
        }
        return result;
    }

    OptionalInt id(String token) {
        Integer id = ids.get(token);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    Optional<String> token(int id) {
        return Optional.ofNullable(tokens.get(id));
    }

    /** The token of an id being decoded. */
    String tokenToDecode(int id) {
        String token = tokens.get(id);
        if (token == null) {
            throw new IllegalArgumentException("decode: no token has id " + id + " (vocabulary size " + size + ")");
        }
        return token;
    }

    boolean isSpecial(int id) {
        return specialIds.contains(id);
    }

    int size() {
        return size;
    }
}
