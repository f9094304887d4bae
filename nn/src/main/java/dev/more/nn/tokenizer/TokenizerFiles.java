package dev.more.nn.tokenizer;

import java.util.OptionalInt;

/** Checks and readers for the {@code tokenizer.json} sections both tokenizers share. */
final class TokenizerFiles {
    private TokenizerFiles() {}

    /** The {@code model} object, checked to be of the expected {@code type}. */
    static JsonField model(JsonField root, String expectedType, String loaderOfOtherTypes)
            throws TokenizerFormatException {
        JsonField model = root.get("model").requireObject();
        String type = model.type();
        if (!type.equals(expectedType)) {
            throw model.get("type")
                    .error("expected \"" + expectedType + "\", found \"" + type + "\""
                            + (loaderOfOtherTypes.isEmpty() ? "" : " (" + loaderOfOtherTypes + ")"));
        }
        return model;
    }

    /** The type of an optional section ({@code null} if absent), which must be one of {@code supported}. */
    static String sectionType(JsonField section, String... supported) throws TokenizerFormatException {
        if (section.isAbsent()) {
            return null;
        }
        String type = section.type();
        for (String s : supported) {
            if (s.equals(type)) {
                return type;
            }
        }
        throw section.get("type")
                .error("\"" + type + "\" is not supported (supported: " + String.join(", ", supported) + ", or null)");
    }

    /**
     * The file's {@code padding.pad_id}, which the vocabulary must have (padded rows hold only ids the model has
     * rows for), else the id of {@code conventionalPadToken}, if the vocabulary has it.
     */
    static OptionalInt padId(JsonField root, Vocabulary vocabulary, String conventionalPadToken)
            throws TokenizerFormatException {
        JsonField padding = root.get("padding");
        if (!padding.isAbsent() && !padding.requireObject().get("pad_id").isAbsent()) {
            int id = padding.get("pad_id").nonNegativeInt();
            if (vocabulary.token(id).isEmpty()) {
                throw padding.get("pad_id")
                        .error("the vocabulary has no id " + id + " (its ids are below " + vocabulary.size() + ")");
            }
            return OptionalInt.of(id);
        }
        return vocabulary.id(conventionalPadToken);
    }

    /** The file's {@code padding.pad_type_id}, else 0. */
    static int padTypeId(JsonField root) throws TokenizerFormatException {
        JsonField padding = root.get("padding");
        return padding.isAbsent()
                ? 0
                : padding.requireObject().get("pad_type_id").nonNegativeInt(0);
    }
}
