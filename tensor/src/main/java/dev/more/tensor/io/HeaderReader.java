package dev.more.tensor.io;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads and validates the header of a mapped safetensors file, with the checks of the reference Rust reader
 * ({@code SafeTensors::read_metadata} and {@code Metadata::validate}) plus duplicate-key rejection.
 *
 * <p>Every size is checked before anything is allocated for it, so a hostile length prefix or shape fails with a
 * {@link SafeTensorsException} rather than an {@link OutOfMemoryError}.
 */
final class HeaderReader {
    private static final ValueLayout.OfLong U64_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final String METADATA_KEY = "__metadata__";

    // Duplicate keys are rejected (the reference lets the last one win silently, which hides corrupt files).
    // Jackson's own string and name length limits are raised to the header limit so that they never reject a
    // header the format allows; serde_json, the reference parser, has no such limits.
    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxStringLength((int) SafeTensors.MAX_HEADER_BYTES)
                            .maxNameLength((int) SafeTensors.MAX_HEADER_BYTES)
                            .build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private HeaderReader() {}

    /** Validates the whole file layout: length prefix, header JSON and the tensors' byte ranges. */
    static Header read(MemorySegment file, String source) throws SafeTensorsException {
        long fileSize = file.byteSize();
        if (fileSize < Long.BYTES) {
            throw SafeTensorsException.in(
                    source, "file is " + fileSize + " bytes long, shorter than the 8-byte header length prefix");
        }
        // The prefix is an unsigned 64-bit integer; a negative long is above 2^63 and so also too large.
        long headerLength = file.get(U64_LE, 0);
        if (headerLength < 0 || headerLength > SafeTensors.MAX_HEADER_BYTES) {
            throw SafeTensorsException.in(
                    source,
                    "header too large: the length prefix claims " + Long.toUnsignedString(headerLength)
                            + " bytes, the limit is " + SafeTensors.MAX_HEADER_BYTES);
        }
        if (headerLength > fileSize - Long.BYTES) {
            throw SafeTensorsException.in(
                    source,
                    "header length " + headerLength + " exceeds the " + (fileSize - Long.BYTES)
                            + " bytes that follow the 8-byte length prefix");
        }
        long dataStart = Long.BYTES + headerLength;
        byte[] headerBytes = file.asSlice(Long.BYTES, headerLength).toArray(ValueLayout.JAVA_BYTE);
        JsonNode root = parseJson(decodeUtf8(headerBytes, source), source);

        Map<String, String> metadata = Map.of();
        List<TensorInfo> tensors = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (field.getKey().equals(METADATA_KEY)) {
                metadata = readMetadata(field.getValue(), source);
            } else {
                tensors.add(TensorEntry.parse(field.getKey(), field.getValue(), source));
            }
        }
        // List.sort is stable, so zero-length tensors sharing an offset keep their header order.
        tensors.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        checkLayout(tensors, fileSize - dataStart, source);
        return new Header(dataStart, tensors, metadata);
    }

    private static String decodeUtf8(byte[] bytes, String source) throws SafeTensorsException {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new SafeTensorsException(source + ": header is not valid UTF-8", e);
        }
    }

    private static JsonNode parseJson(String text, String source) throws SafeTensorsException {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " (at character " + at.getCharOffset() + ")";
            throw new SafeTensorsException(source + ": header is not valid JSON: " + e.getOriginalMessage() + where, e);
        }
        if (!root.isObject()) {
            throw SafeTensorsException.in(source, "header is not a JSON object but " + describe(root));
        }
        return root;
    }

    private static Map<String, String> readMetadata(JsonNode node, String source) throws SafeTensorsException {
        if (node.isNull()) {
            return Map.of(); // the reference models __metadata__ as an Option, which accepts null
        }
        if (!node.isObject()) {
            throw SafeTensorsException.in(
                    source, METADATA_KEY + " must be a JSON object of strings, not " + describe(node));
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            if (!entry.getValue().isTextual()) {
                throw SafeTensorsException.in(
                        source,
                        METADATA_KEY + " value of key '" + entry.getKey() + "' must be a string, not "
                                + describe(entry.getValue()));
            }
            metadata.put(entry.getKey(), entry.getValue().textValue());
        }
        return metadata;
    }

    /**
     * The tensors, sorted by offset, must tile the data buffer exactly: contiguous from 0, no gap, no overlap,
     * ending at its last byte.
     */
    private static void checkLayout(List<TensorInfo> sorted, long dataLength, String source)
            throws SafeTensorsException {
        long expected = 0;
        for (TensorInfo tensor : sorted) {
            if (tensor.begin() != expected) {
                String problem = tensor.begin() > expected ? "leaves a gap" : "overlaps the previous tensor";
                throw SafeTensorsException.in(
                        source,
                        "invalid offset: tensor '" + tensor.name() + "' begins at byte "
                                + tensor.begin() + " but the data before it ends at byte " + expected + ", which "
                                + problem + " (tensors must be contiguous from offset 0)");
            }
            expected = tensor.end();
        }
        if (expected != dataLength) {
            throw SafeTensorsException.in(
                    source,
                    "metadata incomplete buffer: the tensors cover " + expected
                            + " bytes but the data buffer after the header holds " + dataLength + " bytes");
        }
    }

    /** A short description of a JSON value's kind, for messages. */
    static String describe(JsonNode node) {
        return node.isMissingNode()
                ? "empty"
                : "a JSON " + node.getNodeType().name().toLowerCase(Locale.ROOT);
    }
}
