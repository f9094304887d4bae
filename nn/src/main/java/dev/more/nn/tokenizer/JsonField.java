package dev.more.nn.tokenizer;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A value in a parsed {@code tokenizer.json} together with where it is (source and JSON path), so that every
 * accessor can fail with a {@link TokenizerFormatException} that says exactly which value is wrong.
 *
 * <p>A missing field and an explicit JSON {@code null} are both "absent", as the reference loader treats them.
 */
record JsonField(String source, String path, JsonNode node) {
    // Duplicate keys are rejected: in a vocabulary they would silently drop a token.
    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** Parses a whole tokenizer.json; the root must be a JSON object. */
    static JsonField parse(InputStream in, String source) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(in);
        } catch (JacksonException e) {
            throw new TokenizerFormatException(
                    source + ": not valid JSON: " + e.getOriginalMessage() + locationOf(e), e);
        } catch (CharConversionException e) {
            // Jackson guesses the encoding from the first bytes; bytes that look like UTF-32 but are not fail here.
            throw new TokenizerFormatException(source + ": not valid JSON text: " + e.getMessage(), e);
        }
        JsonField field = new JsonField(source, "", root);
        if (field.isAbsent()) {
            throw new TokenizerFormatException(source + ": empty input, expected a tokenizer.json object");
        }
        field.requireObject();
        JsonField version = field.get("version");
        if (!version.isAbsent() && !version.text().equals("1.0")) {
            throw version.error(
                    "unknown tokenizer.json version \"" + version.text() + "\" (this reader knows \"1.0\")");
        }
        return field;
    }

    private static String locationOf(JacksonException e) {
        return e.getLocation() == null
                ? ""
                : " (line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr() + ")";
    }

    /** The member {@code name} of this object (absent if this is absent or has no such member). */
    JsonField get(String name) {
        return new JsonField(source, path.isEmpty() ? name : path + "." + name, node == null ? null : node.get(name));
    }

    /** Whether the value is missing or JSON {@code null}. */
    boolean isAbsent() {
        return node == null || node.isNull() || node.isMissingNode();
    }

    /** An error about this value: {@code "<source>: <path>: <detail>"}. */
    TokenizerFormatException error(String detail) {
        return new TokenizerFormatException(source + ": " + (path.isEmpty() ? "" : path + ": ") + detail);
    }

    /** Fails unless the value is present and a JSON object. */
    JsonField requireObject() throws TokenizerFormatException {
        require("an object", !isAbsent() && node.isObject());
        return this;
    }

    /** The value as a string; fails if absent or not a string. */
    String text() throws TokenizerFormatException {
        require("a string", !isAbsent() && node.isTextual());
        return node.textValue();
    }

    /** The value as a string, or {@code fallback} if absent. */
    String text(String fallback) throws TokenizerFormatException {
        return isAbsent() ? fallback : text();
    }

    /** The value as a boolean, or {@code fallback} if absent. */
    boolean bool(boolean fallback) throws TokenizerFormatException {
        if (isAbsent()) {
            return fallback;
        }
        require("true or false", node.isBoolean());
        return node.booleanValue();
    }

    /** The value as an int in {@code [0, 2^31)}; fails if absent, not an integer, or out of range. */
    int nonNegativeInt() throws TokenizerFormatException {
        require(
                "a non-negative integer",
                !isAbsent() && node.isIntegralNumber() && node.canConvertToInt() && node.intValue() >= 0);
        return node.intValue();
    }

    /** The value as an int in {@code [0, 2^31)}, or {@code fallback} if absent. */
    int nonNegativeInt(int fallback) throws TokenizerFormatException {
        return isAbsent() ? fallback : nonNegativeInt();
    }

    /** The {@code "type"} member of this object; fails if this is not an object or it has no string type. */
    String type() throws TokenizerFormatException {
        return requireObject().get("type").text();
    }

    /** The elements of an array, each with its indexed path. */
    List<JsonField> elements() throws TokenizerFormatException {
        require("an array", !isAbsent() && node.isArray());
        List<JsonField> elements = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            elements.add(new JsonField(source, path + "[" + i + "]", node.get(i)));
        }
        return elements;
    }

    /** The members of an object in file order, each with its path. */
    Map<String, JsonField> members() throws TokenizerFormatException {
        requireObject();
        Map<String, JsonField> members = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            members.put(e.getKey(), new JsonField(source, path + "[\"" + e.getKey() + "\"]", e.getValue()));
        }
        return members;
    }

    private void require(String expected, boolean ok) throws TokenizerFormatException {
        if (!ok) {
            boolean missing = node == null || node.isMissingNode();
            throw error(
                    isAbsent()
                            ? (missing ? "missing, expected " : "null, expected ") + expected
                            : "expected " + expected + ", found " + describe());
        }
    }

    private String describe() {
        String text = node.toString();
        String shown = text.length() > 60 ? text.substring(0, 57) + "..." : text;
        return node.getNodeType().name().toLowerCase(Locale.ROOT) + " " + shown;
    }
}
