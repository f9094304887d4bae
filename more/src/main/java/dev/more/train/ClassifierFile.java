package dev.more.train;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.more.nn.models.PoolingMode;
import dev.more.tensor.io.AtomicFiles;
import dev.more.train.data.LabelSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * {@code classifier.json} in a run folder: what {@code eval}, {@code predict} and {@code merge} need to
 * rebuild the classifier next to the adapter files (which hold the adapters and the head's weights):
 * the base model, the label names in class order, whether inputs are text pairs, the maximum length
 * and the pooling.
 *
 * @param baseModel {@code minilm} or a Hugging Face folder's path
 * @param labels the classes, in the head's row order
 * @param textPair true when the task classifies text pairs
 * @param maxLength the token limit used in training
 * @param pooling how hidden states were pooled
 */
public record ClassifierFile(String baseModel, LabelSet labels, boolean textPair, int maxLength, PoolingMode pooling) {
    /** The file name in a run folder. */
    public static final String FILE_NAME = "classifier.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Checks for nulls and a positive length. */
    public ClassifierFile {
        Objects.requireNonNull(baseModel, "baseModel");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(pooling, "pooling");
        if (maxLength < 3) {
            throw new IllegalArgumentException("max_length must be at least 3, not " + maxLength);
        }
    }

    /** Writes this into {@code dir}. */
    public void write(Path dir) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("base_model", baseModel);
        ArrayNode names = root.putArray("labels");
        labels.names().forEach(names::add);
        root.put("integer_labels", labels.integers());
        root.put("text_pair", textPair);
        root.put("max_length", maxLength);
        root.put("pooling", pooling.name().toLowerCase(Locale.ROOT));
        AtomicFiles.write(dir.resolve(FILE_NAME), JSON.writeValueAsBytes(root));
    }

    /**
     * Reads {@code dir/classifier.json}.
     *
     * @throws RunFolderException if the file is missing or malformed (the message names the key)
     */
    public static ClassifierFile read(Path dir) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new RunFolderException(dir + ": no " + FILE_NAME + "; is it a folder written by 'more finetune'?", e);
        } catch (JacksonException e) {
            throw new RunFolderException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new RunFolderException(file + ": expected a JSON object");
        }
        try {
            return new ClassifierFile(
                    text(root, "base_model", file),
                    LabelSet.ofNames(labelNames(root, file), bool(root, "integer_labels", file)),
                    bool(root, "text_pair", file),
                    integer(root, "max_length", file),
                    pooling(root, file));
        } catch (IllegalArgumentException e) {
            throw new RunFolderException(file + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode field(JsonNode root, String key, Path file) throws RunFolderException {
        JsonNode v = root.get(key);
        if (v == null || v.isNull()) {
            throw new RunFolderException(file + ": missing \"" + key + "\"");
        }
        return v;
    }

    private static String text(JsonNode root, String key, Path file) throws RunFolderException {
        JsonNode v = field(root, key, file);
        if (!v.isTextual()) {
            throw new RunFolderException(file + ": \"" + key + "\" must be a string, got " + v);
        }
        return v.textValue();
    }

    private static boolean bool(JsonNode root, String key, Path file) throws RunFolderException {
        JsonNode v = field(root, key, file);
        if (!v.isBoolean()) {
            throw new RunFolderException(file + ": \"" + key + "\" must be true or false, got " + v);
        }
        return v.booleanValue();
    }

    private static int integer(JsonNode root, String key, Path file) throws RunFolderException {
        JsonNode v = field(root, key, file);
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new RunFolderException(file + ": \"" + key + "\" must be an integer, got " + v);
        }
        return v.intValue();
    }

    private static List<String> labelNames(JsonNode root, Path file) throws RunFolderException {
        JsonNode v = field(root, "labels", file);
        List<String> names = new ArrayList<>();
        if (v.isArray()) {
            for (JsonNode e : v) {
                if (!e.isTextual()) {
                    names = null;
                    break;
                }
                names.add(e.textValue());
            }
        }
        if (!v.isArray() || names == null) {
            throw new RunFolderException(file + ": \"labels\" must be a list of strings, got " + v);
        }
        return names;
    }

    private static PoolingMode pooling(JsonNode root, Path file) throws RunFolderException {
        String name = text(root, "pooling", file);
        try {
            return PoolingMode.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new RunFolderException(file + ": \"pooling\" must be mean, cls or pooler, got \"" + name + "\"", e);
        }
    }
}
