package dev.more.nn.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Adds the model's special tokens around the encoded sequences and sets their type ids: the file's
 * {@code post_processor} ({@code TemplateProcessing} or {@code BertProcessing}; {@code ByteLevel} and none add
 * nothing).
 */
final class PostProcessor {
    /** One template element: a special token's ids, or sequence A (0) or B (1); each with the type id to use. */
    private record Piece(int sequence, List<Token> special, int typeId) {
        static Piece sequence(int sequence, int typeId) {
            return new Piece(sequence, List.of(), typeId);
        }
    }

    private final List<Piece> single;
    private final List<Piece> pair;

    private PostProcessor(List<Piece> single, List<Piece> pair) {
        this.single = single;
        this.pair = pair;
    }

    /** Adds nothing; the second sequence of a pair gets type id 1. */
    static PostProcessor none() {
        return new PostProcessor(List.of(Piece.sequence(0, 0)), List.of(Piece.sequence(0, 0), Piece.sequence(1, 1)));
    }

    /**
     * Parses the {@code post_processor} section. Every special token it adds must be in {@code vocabulary} under
     * the id it gives, so that encodings hold only ids the model has rows for and decoding knows them.
     */
    static PostProcessor parse(JsonField section, Vocabulary vocabulary) throws TokenizerFormatException {
        if (section.isAbsent()) {
            return none();
        }
        String type = section.type();
        return switch (type) {
            case "ByteLevel" -> none();
            case "BertProcessing" -> bert(section, vocabulary);
            case "TemplateProcessing" -> template(section, vocabulary);
            default ->
                throw section.get("type")
                        .error("post-processor \"" + type
                                + "\" is not supported (supported: TemplateProcessing, BertProcessing, ByteLevel)");
        };
    }

    private static PostProcessor bert(JsonField section, Vocabulary vocabulary) throws TokenizerFormatException {
        Token cls = tokenAndId(section.get("cls"), vocabulary);
        Token sep = tokenAndId(section.get("sep"), vocabulary);
        Piece cls0 = new Piece(-1, List.of(cls), 0);
        Piece sep0 = new Piece(-1, List.of(sep), 0);
        return new PostProcessor(
                List.of(cls0, Piece.sequence(0, 0), sep0),
                List.of(cls0, Piece.sequence(0, 0), sep0, Piece.sequence(1, 1), new Piece(-1, List.of(sep), 1)));
    }

    /** A {@code ["[SEP]", 102]} pair. */
    private static Token tokenAndId(JsonField field, Vocabulary vocabulary) throws TokenizerFormatException {
        List<JsonField> parts = field.elements();
        if (parts.size() != 2) {
            throw field.error("expected [token, id], found " + parts.size() + " elements");
        }
        return known(parts.get(1), parts.get(0).text(), vocabulary);
    }

    /** The special token {@code value} with the id {@code idField} gives, which the vocabulary must agree with. */
    private static Token known(JsonField idField, String value, Vocabulary vocabulary) throws TokenizerFormatException {
        int id = idField.nonNegativeInt();
        Optional<String> inVocabulary = vocabulary.token(id);
        if (inVocabulary.isEmpty() || !inVocabulary.get().equals(value)) {
            throw idField.error("special token \"" + value + "\" has id " + id + ", but "
                    + (inVocabulary.isEmpty()
                            ? "the vocabulary has no id " + id
                            : "the vocabulary gives id " + id + " to \"" + inVocabulary.get() + "\"")
                    + "; the post-processor's ids must be the vocabulary's");
        }
        return new Token(id, value);
    }

    private static PostProcessor template(JsonField section, Vocabulary vocabulary) throws TokenizerFormatException {
        Map<String, JsonField> specials = section.get("special_tokens").members();
        List<Piece> single = pieces(section.get("single"), specials, vocabulary);
        List<Piece> pair = pieces(section.get("pair"), specials, vocabulary);
        requireSequences(section.get("single"), single, 1);
        requireSequences(section.get("pair"), pair, 2);
        return new PostProcessor(single, pair);
    }

    private static List<Piece> pieces(JsonField template, Map<String, JsonField> specials, Vocabulary vocabulary)
            throws TokenizerFormatException {
        List<Piece> pieces = new ArrayList<>();
        for (JsonField element : template.elements()) {
            JsonField sequence = element.get("Sequence");
            JsonField special = element.get("SpecialToken");
            if (!sequence.isAbsent()) {
                String id = sequence.get("id").text();
                if (!id.equals("A") && !id.equals("B")) {
                    throw sequence.get("id").error("expected \"A\" or \"B\", found \"" + id + "\"");
                }
                pieces.add(Piece.sequence(
                        id.equals("A") ? 0 : 1, sequence.get("type_id").nonNegativeInt()));
            } else if (!special.isAbsent()) {
                String name = special.get("id").text();
                JsonField definition = specials.get(name);
                if (definition == null) {
                    throw special.get("id").error("special token \"" + name + "\" is not in special_tokens");
                }
                pieces.add(new Piece(
                        -1,
                        specialTokens(definition, vocabulary),
                        special.get("type_id").nonNegativeInt()));
            } else {
                throw element.error("expected a \"Sequence\" or \"SpecialToken\" element");
            }
        }
        return pieces;
    }

    private static List<Token> specialTokens(JsonField definition, Vocabulary vocabulary)
            throws TokenizerFormatException {
        List<JsonField> ids = definition.get("ids").elements();
        List<JsonField> tokens = definition.get("tokens").elements();
        if (ids.size() != tokens.size()) {
            throw definition.error(ids.size() + " ids but " + tokens.size() + " tokens");
        }
        List<Token> result = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            result.add(known(ids.get(i), tokens.get(i).text(), vocabulary));
        }
        return result;
    }

    /** A single template must hold A once; a pair template A and B once each. */
    private static void requireSequences(JsonField template, List<Piece> pieces, int sequences)
            throws TokenizerFormatException {
        for (int s = 0; s < 2; s++) {
            int sequence = s;
            long count = pieces.stream().filter(p -> p.sequence() == sequence).count();
            if (count != (s < sequences ? 1 : 0)) {
                throw template.error("sequence " + (s == 0 ? "A" : "B") + " appears " + count + " times; expected "
                        + (s < sequences ? 1 : 0));
            }
        }
    }

    /** How many special tokens the template adds to a single text or a pair. */
    int addedTokens(boolean isPair) {
        return (isPair ? pair : single)
                .stream().mapToInt(p -> p.special().size()).sum();
    }

    /** The final encoding: special tokens and sequences in template order, all attended to. */
    Encoding apply(List<Token> first, List<Token> second) {
        List<Piece> template = second == null ? single : pair;
        List<Integer> ids = new ArrayList<>();
        List<Integer> typeIds = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        for (Piece piece : template) {
            List<Token> part = piece.sequence() < 0 ? piece.special() : piece.sequence() == 0 ? first : second;
            for (Token token : part) {
                ids.add(token.id());
                typeIds.add(piece.typeId());
                tokens.add(token.value());
            }
        }
        int[] mask = new int[ids.size()];
        java.util.Arrays.fill(mask, 1);
        return new Encoding(toArray(ids), toArray(typeIds), mask, tokens);
    }

    private static int[] toArray(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).toArray();
    }
}
