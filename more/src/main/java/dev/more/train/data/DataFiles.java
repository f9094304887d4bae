package dev.more.train.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Reads labelled data files, chosen by extension: {@code .jsonl} (also {@code .json}, {@code .ndjson}),
 * one JSON object per line ({@link JsonlData}), or {@code .csv} with a header ({@link CsvData}). Files
 * are UTF-8 (a leading byte-order mark is skipped).
 */
public final class DataFiles {
    private static final List<String> JSONL_EXTENSIONS = List.of(".jsonl", ".json", ".ndjson");

    private DataFiles() {}

    /**
     * Reads the examples of {@code file}.
     *
     * @throws DataFormatException if the file is missing, has an unknown extension, is not UTF-8, is malformed
     *     (the message names the line) or holds no example
     * @throws IOException if the file cannot be read
     */
    public static Dataset read(Path file) throws IOException {
        boolean jsonl = isJsonl(file.toString());
        if (Files.isDirectory(file)) {
            throw new DataFormatException(file + ": is a folder, not a data file");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DataFormatException(file + ": no such file", e);
        }
        return parse(bytes, file.toString(), jsonl);
    }

    /**
     * Reads the examples of a classpath resource such as {@code /data/sentiment/train.jsonl}; messages name
     * it {@code classpath:/data/...}.
     *
     * @throws DataFormatException as {@link #read(Path)}, or if there is no such resource
     * @throws IOException if the resource cannot be read
     */
    public static Dataset readResource(String resource) throws IOException {
        String source = "classpath:" + resource;
        boolean jsonl = isJsonl(source);
        try (InputStream in = DataFiles.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new DataFormatException(source + ": no such resource");
            }
            return parse(in.readAllBytes(), source, jsonl);
        }
    }

    /**
     * Reads the examples of a data file's bytes, as {@link #read(Path)} does; the format is chosen by the
     * extension that ends {@code source}.
     *
     * @param source the file name, e.g. {@code train.jsonl}; messages name it
     * @throws DataFormatException if {@code source} has an unknown extension, or the bytes are not UTF-8, are
     *     malformed (the message names the line) or hold no example; no other exception comes from malformed
     *     bytes
     */
    public static Dataset read(byte[] bytes, String source) throws DataFormatException {
        return parse(bytes, source, isJsonl(source));
    }

    private static boolean isJsonl(String source) throws DataFormatException {
        String name = source.toLowerCase(Locale.ROOT);
        boolean jsonl = JSONL_EXTENSIONS.stream().anyMatch(name::endsWith);
        if (!jsonl && !name.endsWith(".csv")) {
            throw new DataFormatException(source + ": unknown data format; name the file *.jsonl (one JSON object "
                    + "per line) or *.csv (with a header text,label)");
        }
        return jsonl;
    }

    private static Dataset parse(byte[] bytes, String source, boolean jsonl) throws DataFormatException {
        String text = decodeUtf8(bytes, source);
        List<Example> examples = jsonl ? JsonlData.parse(text, source) : CsvData.parse(text, source);
        try {
            return new Dataset(source, examples);
        } catch (IllegalArgumentException e) {
            throw new DataFormatException(e.getMessage(), e);
        }
    }

    /** The text of {@code bytes}, decoded strictly as UTF-8 without a leading byte-order mark. */
    private static String decodeUtf8(byte[] bytes, String source) throws DataFormatException {
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new DataFormatException(source + ": not valid UTF-8 text", e);
        }
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }
}
