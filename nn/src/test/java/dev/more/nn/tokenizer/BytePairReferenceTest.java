package dev.more.nn.tokenizer;

import static dev.more.nn.tokenizer.ReferenceAssertions.assertSameEncoding;
import static dev.more.nn.tokenizer.ReferenceAssertions.assertSameIds;
import static dev.more.nn.tokenizer.ReferenceAssertions.show;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The byte-level BPE tokenizer against the reference library (live, through DJL) on the committed tiny GPT-2
 * style tokenizer and variants of it: exact encodings, exact round trips, decoding of arbitrary id sequences.
 */
class BytePairReferenceTest {
    @TempDir
    static Path dir;

    private static Path file;
    private static BytePairTokenizer ours;
    private static DjlReference reference;

    @BeforeAll
    static void load() throws IOException {
        DjlReference.assumeAvailable();
        file = Fixtures.write(dir, "tiny-bpe.json", Fixtures.tinyBpe());
        ours = BytePairTokenizer.fromJson(file);
        reference = DjlReference.load(file);
    }

    @AfterAll
    static void close() {
        if (reference != null) {
            reference.close();
        }
    }

    @Test
    void textsEncodeAsTheReferenceDoesAndRoundTrip() {
        for (String text : ReferenceCases.BPE_TEXTS) {
            Encoding encoding = ours.encode(text);
            assertSameEncoding(encoding, reference.encode(text), text);
            assertThat(ours.decode(encoding.ids(), false))
                    .as("round trip of %s", show(text))
                    .isEqualTo(text);
        }
    }

    @Test
    void randomTextsEncodeAsTheReferenceDoesAndRoundTripExactly() {
        RandomText random = new RandomText(42);
        for (int i = 0; i < 500; i++) {
            String text = random.next(15);
            Encoding encoding = ours.encode(text);
            assertSameEncoding(encoding, reference.encode(text), text);
            assertThat(ours.decode(encoding.ids(), false))
                    .as("round trip of %s", show(text))
                    .isEqualTo(text);
            assertThat(ours.decode(encoding.ids()))
                    .as("decode of %s", show(text))
                    .isEqualTo(reference.decode(encoding.ids(), true));
        }
    }

    /** Letters, numbers, whitespace and everything else decide GPT-2's split: try the code points of planes 0-2. */
    @Test
    void codePointsSplitAsTheReferenceSplitsThem() {
        List<String> texts = new ArrayList<>();
        for (int cp = 0; cp < 0x30000; cp++) {
            int type = Character.getType(cp);
            // All but the bulk of the "other letter" ideographs and syllables, of which every 16th is tried.
            boolean tried = type != Character.UNASSIGNED
                    && type != Character.SURROGATE
                    && (type != Character.OTHER_LETTER || cp % 16 == 0);
            if (tried) {
                String c = Character.toString(cp);
                texts.add("a" + c + "b " + c + "1 " + c + c + "'s  " + c);
            }
        }
        for (int from = 0; from < texts.size(); from += 4000) {
            List<String> chunk = texts.subList(from, Math.min(texts.size(), from + 4000));
            DjlReference.Result[] expected = reference.encodeBatch(chunk);
            for (int i = 0; i < chunk.size(); i++) {
                assertSameIds(ours.encode(chunk.get(i)), expected[i], chunk.get(i));
            }
        }
    }

    @Test
    void anyIdSequenceDecodesAsTheReferenceDecodesIt() {
        Random random = new Random(7);
        for (int i = 0; i < 300; i++) {
            int[] ids = random.ints(random.nextInt(12), 0, ours.vocabSize()).toArray();
            for (boolean skip : new boolean[] {true, false}) {
                assertThat(ours.decode(ids, skip))
                        .as("decode of %s", Arrays.toString(ids))
                        .isEqualTo(reference.decode(ids, skip));
            }
        }
    }

    @Test
    void pairsTruncationAndBatchesMatchTheReference() throws IOException {
        String first = "The quick brown fox jumps over the lazy dog again and again";
        String second = "Hello world";
        assertSameEncoding(ours.encode(first, second), reference.encode(first, second), first + " | " + second);
        try (DjlReference truncating = DjlReference.load(file, 7, null);
                DjlReference padding = DjlReference.load(file, Tokenizer.NO_LIMIT, Padding.LONGEST)) {
            assertSameEncoding(ours.encode(first, 7), truncating.encode(first), first);
            assertSameEncoding(ours.encode(first, second, 7), truncating.encode(first, second), first);
            List<String> texts = List.of(first, second, "");
            BatchEncoding batch = ours.encodeBatch(texts, Tokenizer.NO_LIMIT, Padding.LONGEST);
            DjlReference.Result[] expected = padding.encodeBatch(texts);
            for (int i = 0; i < texts.size(); i++) {
                assertThat(batch.attentionMask()[i]).containsExactly(expected[i].attentionMask());
                int real = ours.encode(texts.get(i)).length();
                assertThat(Arrays.copyOf(batch.ids()[i], real)).containsExactly(Arrays.copyOf(expected[i].ids(), real));
            }
        }
    }

    @Test
    void mergesAsArraysGiveTheSameTokenizer() throws IOException {
        ObjectNode json = Fixtures.tinyBpe();
        ArrayNode merges = (ArrayNode) json.get("model").get("merges");
        ArrayNode arrays = Fixtures.JSON.createArrayNode();
        merges.forEach(m -> arrays.addArray()
                .add(m.textValue().split(" ")[0])
                .add(m.textValue().split(" ")[1]));
        ((ObjectNode) json.get("model")).set("merges", arrays);
        assertMatchesReference(json, "array-merges.json");
    }

    @Test
    void prefixSpaceIsAddedAsByTheReference() throws IOException {
        ObjectNode json = Fixtures.tinyBpe();
        ((ObjectNode) json.get("pre_tokenizer")).put("add_prefix_space", true);
        assertMatchesReference(json, "prefix-space.json");
    }

    @Test
    void withoutTheSplitPatternTextIsOnePieceAsInTheReference() throws IOException {
        ObjectNode json = Fixtures.tinyBpe();
        ((ObjectNode) json.get("pre_tokenizer")).put("use_regex", false);
        assertMatchesReference(json, "no-regex.json");
    }

    @Test
    void ignoringMergesTakesWholeVocabularyWordsAsTheReferenceDoes() throws IOException {
        ObjectNode json = Fixtures.tinyBpe();
        ObjectNode model = (ObjectNode) json.get("model");
        model.put("ignore_merges", true);
        // A word reachable only through merges the rank order would not take: put it in the vocabulary directly.
        ((ObjectNode) model.get("vocab")).put("Ġthee", model.get("vocab").size());
        assertMatchesReference(json, "ignore-merges.json");
    }

    @Test
    void templateProcessingAddsSpecialTokensAsTheReferenceDoes() throws IOException {
        ObjectNode json = Fixtures.tinyBpe();
        int eot = json.get("model").get("vocab").get(TinyBpeTrainer.END_OF_TEXT).intValue();
        ObjectNode template = (ObjectNode) Fixtures.JSON.readTree("""
                {"type": "TemplateProcessing",
                 "single": [{"SpecialToken": {"id": "<|endoftext|>", "type_id": 0}},
                            {"Sequence": {"id": "A", "type_id": 0}}],
                 "pair": [{"Sequence": {"id": "A", "type_id": 0}},
                          {"SpecialToken": {"id": "<|endoftext|>", "type_id": 1}},
                          {"Sequence": {"id": "B", "type_id": 1}},
                          {"SpecialToken": {"id": "<|endoftext|>", "type_id": 1}}],
                 "special_tokens": {"<|endoftext|>": {"id": "<|endoftext|>", "ids": [%d], "tokens": ["<|endoftext|>"]}}}
                """.formatted(eot));
        json.set("post_processor", template);
        assertMatchesReference(json, "template.json");
    }

    /** Texts, random texts, a pair and a truncated pair all equal the reference's for this variant file. */
    private static void assertMatchesReference(ObjectNode json, String name) throws IOException {
        Path variant = Fixtures.write(dir, name, json);
        BytePairTokenizer tokenizer = BytePairTokenizer.fromJson(variant);
        List<String> texts = new ArrayList<>(ReferenceCases.BPE_TEXTS);
        texts.add("thee the thee");
        RandomText random = new RandomText(name.hashCode());
        for (int i = 0; i < 100; i++) {
            texts.add(random.next(10));
        }
        try (DjlReference ref = DjlReference.load(variant);
                DjlReference truncating = DjlReference.load(variant, 9, null)) {
            for (String text : texts) {
                Encoding encoding = tokenizer.encode(text);
                assertSameEncoding(encoding, ref.encode(text), text);
                assertThat(tokenizer.decode(encoding.ids(), false))
                        .as("decode of %s", show(text))
                        .isEqualTo(ref.decode(encoding.ids(), false));
            }
            String first = "A pair of texts, the first longer than the second";
            String second = "Second one";
            assertSameEncoding(tokenizer.encode(first, second), ref.encode(first, second), first);
            assertSameEncoding(tokenizer.encode(first, second, 9), truncating.encode(first, second), first);
        }
    }
}
