package dev.more.nn.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The tokenizer files the tests use, as JSON trees to derive variants from, and a way to write them out. */
final class Fixtures {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String TINY_BPE_RESOURCE = "/" + TinyBpeTrainer.RESOURCE;

    private Fixtures() {}

    private static final ObjectNode MINILM = resource(WordPieceTokenizer.MINILM_RESOURCE);
    private static final ObjectNode TINY_BPE = resource(TINY_BPE_RESOURCE);

    /** A fresh copy of the MiniLM tokenizer.json tree (from the model jar). */
    static ObjectNode miniLm() {
        return MINILM.deepCopy();
    }

    /** The MiniLM tokenizer.json with only the first 1000 vocabulary entries (special tokens included): fast to load. */
    static ObjectNode smallWordPiece() {
        ObjectNode json = miniLm();
        ObjectNode vocab = (ObjectNode) json.get("model").get("vocab");
        vocab.properties().removeIf(e -> e.getValue().intValue() >= 1000);
        return json;
    }

    /** A fresh copy of the committed tiny byte-level BPE tokenizer.json tree. */
    static ObjectNode tinyBpe() {
        return TINY_BPE.deepCopy();
    }

    private static ObjectNode resource(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("test resource " + name + " not found");
            }
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code json} to {@code dir/name} and returns the path. */
    static Path write(Path dir, String name, JsonNode json) throws IOException {
        Path file = dir.resolve(name);
        JSON.writeValue(file.toFile(), json);
        return file;
    }

    /** Writes raw text to {@code dir/name} and returns the path. */
    static Path writeText(Path dir, String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }
}
