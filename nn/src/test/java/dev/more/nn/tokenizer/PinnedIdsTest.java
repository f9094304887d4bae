package dev.more.nn.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * This package against the committed expected ids, which {@link ReferenceIdsGenerator} wrote from the reference
 * library (see the README next to them); needs no native library, so it pins the ids wherever the tests run.
 */
class PinnedIdsTest {
    @Test
    void miniLmEncodingsBatchesAndDecodingsMatchThePinnedReference() throws IOException {
        JsonNode expected = load("/" + ReferenceIdsGenerator.MINILM_EXPECTED);
        assertThat(expected.get("encodings").size()).isGreaterThan(30);
        assertThat(expected.get("batches").size()).isGreaterThan(3);
        assertMatches(WordPieceTokenizer.miniLm(), expected);
    }

    @Test
    void tinyBpeEncodingsAndDecodingsMatchThePinnedReference() throws IOException {
        JsonNode expected = load("/" + ReferenceIdsGenerator.TINY_BPE_EXPECTED);
        assertThat(expected.get("encodings").size()).isGreaterThan(15);
        try (InputStream in = PinnedIdsTest.class.getResourceAsStream(Fixtures.TINY_BPE_RESOURCE)) {
            assertMatches(BytePairTokenizer.fromJson(in), expected);
        }
    }

    private static JsonNode load(String resource) throws IOException {
        try (InputStream in = PinnedIdsTest.class.getResourceAsStream(resource)) {
            return Fixtures.JSON.readTree(in);
        }
    }

    private static void assertMatches(Tokenizer tokenizer, JsonNode expected) {
        for (JsonNode e : expected.get("encodings")) {
            String text = e.get("text").textValue();
            int maxLength = e.has("maxLength") ? e.get("maxLength").intValue() : Tokenizer.NO_LIMIT;
            Encoding encoding = e.has("pair")
                    ? tokenizer.encode(text, e.get("pair").textValue(), maxLength)
                    : tokenizer.encode(text, maxLength);
            Encoding pinned = new Encoding(
                    ints(e.get("ids")), ints(e.get("typeIds")), ints(e.get("attentionMask")), strings(e.get("tokens")));
            assertThat(encoding).as("encoding of %s", e).isEqualTo(pinned);
        }
        for (JsonNode b : expected.get("batches")) {
            List<String> texts = strings(b.get("texts"));
            int maxLength = b.has("maxLength") ? b.get("maxLength").intValue() : Tokenizer.NO_LIMIT;
            Padding padding = Padding.valueOf(b.get("padding").textValue());
            BatchEncoding batch = b.has("pairs")
                    ? tokenizer.encodePairBatch(texts, strings(b.get("pairs")), maxLength, padding)
                    : tokenizer.encodeBatch(texts, maxLength, padding);
            assertThat(batch)
                    .as("batch %s", b)
                    .isEqualTo(new BatchEncoding(
                            matrix(b.get("ids")), matrix(b.get("attentionMask")), matrix(b.get("typeIds"))));
        }
        for (JsonNode d : expected.get("decodes")) {
            assertThat(tokenizer.decode(
                            ints(d.get("ids")), d.get("skipSpecialTokens").booleanValue()))
                    .as("decode %s", d)
                    .isEqualTo(d.get("text").textValue());
        }
    }

    private static int[] ints(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false)
                .mapToInt(JsonNode::intValue)
                .toArray();
    }

    private static int[][] matrix(JsonNode rows) {
        return StreamSupport.stream(rows.spliterator(), false)
                .map(PinnedIdsTest::ints)
                .toArray(int[][]::new);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.textValue()));
        return out;
    }
}
