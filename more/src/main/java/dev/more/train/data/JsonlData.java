package dev.more.train.data;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON Lines data: one object per line, {@code {"text": "...", "label": "positive"}}, with the label a
 * string or an integer and an optional {@code "text_pair"} for sentence-pair tasks. Other keys (an id,
 * say) are ignored; blank lines are skipped.
 */
final class JsonlData {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonlData() {}

    /** The examples of {@code text}; {@code source} names the file in errors. */
    static List<Example> parse(String text, String source) throws DataFormatException {
        List<Example> examples = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            if (!line.isBlank()) {
                examples.add(example(line, source, i + 1));
            }
        }
        if (examples.isEmpty()) {
            throw new DataFormatException(source + ": no examples (the file is empty); expected one JSON object "
                    + "per line, e.g. {\"text\": \"...\", \"label\": \"...\"}");
        }
        return examples;
    }

    private static Example example(String line, String source, int number) throws DataFormatException {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JacksonException e) {
            throw DataFormatException.at(source, number, "not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw DataFormatException.at(
                    source,
                    number,
                    "expected a JSON object such as {\"text\": \"...\", " + "\"label\": \"...\"}, got "
                            + (node == null
                                    ? "nothing"
                                    : node.getNodeType().name().toLowerCase()));
        }
        String text = text(node, "text", source, number);
        if (text == null) {
            throw DataFormatException.at(source, number, "missing \"text\"");
        }
        String pair = text(node, "text_pair", source, number);
        return new Example(text, pair, label(node, source, number), number);
    }

    /** The non-empty string at {@code key}, or null if the key is absent or null. */
    private static String text(JsonNode node, String key, String source, int number) throws DataFormatException {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw DataFormatException.at(source, number, "\"" + key + "\" must be a string, got " + value);
        }
        if (value.textValue().isBlank()) {
            throw DataFormatException.at(source, number, "\"" + key + "\" is empty");
        }
        return value.textValue();
    }

    private static String label(JsonNode node, String source, int number) throws DataFormatException {
        JsonNode value = node.get("label");
        if (value == null || value.isNull()) {
            throw DataFormatException.at(source, number, "missing \"label\"");
        }
        if (value.isTextual() && !value.textValue().isBlank()) {
            return value.textValue();
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return Long.toString(value.longValue());
        }
        throw DataFormatException.at(
                source, number, "\"label\" must be a non-empty string or an integer, got " + value);
    }
}
