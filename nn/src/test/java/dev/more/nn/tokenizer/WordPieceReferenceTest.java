package dev.more.nn.tokenizer;

import static dev.more.nn.tokenizer.ReferenceAssertions.assertSameEncoding;
import static dev.more.nn.tokenizer.ReferenceAssertions.assertSameIds;
import static dev.more.nn.tokenizer.ReferenceAssertions.show;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The WordPiece tokenizer against the reference library (live, through DJL) on the default model's tokenizer.json
 * and on variants of it that switch the normalizer's flags, add tokens with every matching option, or leave
 * sections out.
 */
class WordPieceReferenceTest {
    @TempDir
    static Path dir;

    private static Path miniLmFile;
    private static WordPieceTokenizer ours;
    private static DjlReference reference;

    @BeforeAll
    static void load() throws IOException {
        DjlReference.assumeAvailable();
        miniLmFile = Fixtures.write(dir, "minilm.json", Fixtures.miniLm());
        ours = WordPieceTokenizer.fromJson(miniLmFile);
        reference = DjlReference.load(miniLmFile);
    }

    @AfterAll
    static void close() {
        if (reference != null) {
            reference.close();
        }
    }

    @Test
    void sentencesEncodeAsTheReferenceDoes() {
        for (String text : ReferenceCases.WORDPIECE_TEXTS) {
            assertSameEncoding(ours.encode(text), reference.encode(text), text);
        }
    }

    @Test
    void pairsEncodeAsTheReferenceDoes() {
        for (List<String> pair : ReferenceCases.WORDPIECE_PAIRS) {
            assertSameEncoding(
                    ours.encode(pair.get(0), pair.get(1)), reference.encode(pair.get(0), pair.get(1)), pair.toString());
        }
    }

    @Test
    void truncationCutsAsTheReferenceDoes() throws IOException {
        for (ReferenceCases.Single c : ReferenceCases.WORDPIECE_TRUNCATIONS) {
            try (DjlReference truncating = DjlReference.load(miniLmFile, c.maxLength(), null)) {
                Encoding encoding = c.pair() == null
                        ? ours.encode(c.text(), c.maxLength())
                        : ours.encode(c.text(), c.pair(), c.maxLength());
                DjlReference.Result expected =
                        c.pair() == null ? truncating.encode(c.text()) : truncating.encode(c.text(), c.pair());
                assertSameEncoding(encoding, expected, c.toString());
                assertThat(encoding.length()).isLessThanOrEqualTo(c.maxLength());
            }
        }
    }

    @Test
    void batchesArePaddedAsTheReferenceDoes() throws IOException {
        for (ReferenceCases.Batch c : ReferenceCases.WORDPIECE_BATCHES) {
            try (DjlReference batching = DjlReference.load(miniLmFile, c.maxLength(), c.padding())) {
                BatchEncoding batch = c.pairs() == null
                        ? ours.encodeBatch(c.texts(), c.maxLength(), c.padding())
                        : ours.encodePairBatch(c.texts(), c.pairs(), c.maxLength(), c.padding());
                DjlReference.Result[] expected = c.pairs() == null
                        ? batching.encodeBatch(c.texts())
                        : batching.encodePairBatch(c.texts(), c.pairs());
                assertThat(batch.batchSize()).isEqualTo(expected.length);
                for (int i = 0; i < expected.length; i++) {
                    assertThat(batch.ids()[i]).as("%s row %d", c, i).containsExactly(expected[i].ids());
                    assertThat(batch.attentionMask()[i])
                            .as("%s mask %d", c, i)
                            .containsExactly(expected[i].attentionMask());
                    assertThat(batch.tokenTypeIds()[i]).as("%s types %d", c, i).containsExactly(expected[i].typeIds());
                }
            }
        }
    }

    @Test
    void decodingJoinsPiecesAsTheReferenceDoes() {
        List<String> texts = new ArrayList<>(ReferenceCases.WORDPIECE_TEXTS);
        texts.add("Wait... what?! No, it isn't. \"Quoted\" , spaced , commas . and 'single' quotes");
        for (String text : texts) {
            int[] ids = ours.encode(text).ids();
            for (boolean skip : new boolean[] {true, false}) {
                assertThat(ours.decode(ids, skip))
                        .as("decode(%s, %s)", show(text), skip)
                        .isEqualTo(reference.decode(ids, skip));
            }
        }
    }

    @Test
    void randomTextsEncodeAndDecodeAsTheReferenceDoes() {
        RandomText random = new RandomText(20240601);
        for (int i = 0; i < 500; i++) {
            String text = random.next(12);
            Encoding encoding = ours.encode(text);
            assertSameEncoding(encoding, reference.encode(text), text);
            assertThat(ours.decode(encoding.ids()))
                    .as("decode of %s", show(text))
                    .isEqualTo(reference.decode(encoding.ids(), true));
        }
    }

    /**
     * Every code point whose handling depends on Unicode tables (marks, punctuation, format, control, symbols,
     * separators, anything NFD changes, the CJK blocks' edges), inside and between words, with a combining accent.
     */
    @Test
    void everyUnicodeSensitiveCodePointIsHandledAsTheReferenceDoes() {
        List<String> texts = new ArrayList<>();
        for (int cp = 0; cp < 0x30000; cp++) {
            if (isUnicodeSensitive(cp)) {
                String c = Character.toString(cp);
                texts.add("xa" + c + "b " + c + " A" + c + "\u0301");
            }
        }
        assertThat(texts).hasSizeGreaterThan(20_000);
        for (int from = 0; from < texts.size(); from += 2000) {
            List<String> chunk = texts.subList(from, Math.min(texts.size(), from + 2000));
            DjlReference.Result[] expected = reference.encodeBatch(chunk);
            for (int i = 0; i < chunk.size(); i++) {
                assertSameIds(ours.encode(chunk.get(i)), expected[i], chunk.get(i));
            }
        }
    }

    private static boolean isUnicodeSensitive(int cp) {
        int type = Character.getType(cp);
        if (type == Character.UNASSIGNED || type == Character.SURROGATE) {
            return false;
        }
        boolean letterOrNumber = switch (type) {
            case Character.UPPERCASE_LETTER,
                    Character.LOWERCASE_LETTER,
                    Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER,
                    Character.OTHER_LETTER,
                    Character.DECIMAL_DIGIT_NUMBER,
                    Character.LETTER_NUMBER,
                    Character.OTHER_NUMBER,
                    Character.MATH_SYMBOL,
                    Character.CURRENCY_SYMBOL,
                    Character.MODIFIER_SYMBOL -> true;
            default -> false;
        };
        boolean cjkEdge = CharClasses.isChineseChar(cp) != CharClasses.isChineseChar(cp - 1)
                || CharClasses.isChineseChar(cp) != CharClasses.isChineseChar(cp + 1);
        return !letterOrNumber
                || cjkEdge
                || Character.toLowerCase(cp) != cp
                || !Normalizer.isNormalized(Character.toString(cp), Normalizer.Form.NFD);
    }

    @ParameterizedTest(name = "clean_text={0} handle_chinese_chars={1} strip_accents={2} lowercase={3}")
    @CsvSource(
            nullValues = "null",
            value = {
                "false, true, null, true",
                "true, false, null, true",
                "true, true, null, false",
                "true, true, true, false",
                "true, true, false, true",
            })
    void normalizerFlagsAreHonouredAsByTheReference(
            boolean cleanText, boolean chinese, Boolean stripAccents, boolean lowercase) throws IOException {
        ObjectNode json = Fixtures.miniLm();
        ObjectNode normalizer = (ObjectNode) json.get("normalizer");
        normalizer.put("clean_text", cleanText);
        normalizer.put("handle_chinese_chars", chinese);
        normalizer.put("strip_accents", stripAccents);
        normalizer.put("lowercase", lowercase);
        assertMatchesReference(json, "normalizer-variant.json");
    }

    @Test
    void addedTokensWithEveryMatchingOptionAreFoundAsByTheReference() throws IOException {
        ObjectNode json = Fixtures.miniLm();
        ArrayNode added = (ArrayNode) json.get("added_tokens");
        added.add(addedToken(1, "<mask>", true, true, true, false, true));
        added.add(addedToken(2, "Hello", false, false, false, true, false));
        added.add(addedToken(3, "ony", true, false, false, false, false));
        added.add(addedToken(4, "<mask>x", false, false, false, false, false));
        WordPieceTokenizer tokenizer = WordPieceTokenizer.fromJson(Fixtures.write(dir, "added.json", json));
        try (DjlReference ref = DjlReference.load(dir.resolve("added.json"))) {
            for (String text : List.of(
                    "a <mask> b",
                    "a<mask>b",
                    "  <mask>  ",
                    "<mask>",
                    "<mask>x y",
                    "a <mask>x",
                    "HELLO hello Hello helloworld",
                    "ony Anthony ony, -ony- _ony",
                    "[MASK]<mask>[SEP]",
                    "\t<mask>\t<mask>\u2000 end")) {
                assertSameIds(tokenizer.encode(text), ref.encode(text), text);
            }
        }
    }

    private static ObjectNode addedToken(
            int id,
            String content,
            boolean singleWord,
            boolean lstrip,
            boolean rstrip,
            boolean normalized,
            boolean special) {
        ObjectNode token = Fixtures.JSON.createObjectNode();
        token.put("id", id);
        token.put("content", content);
        token.put("single_word", singleWord);
        token.put("lstrip", lstrip);
        token.put("rstrip", rstrip);
        token.put("normalized", normalized);
        token.put("special", special);
        return token;
    }

    @Test
    void bertProcessingAddsTheSameTokensAsTheTemplate() throws IOException {
        ObjectNode json = Fixtures.miniLm();
        ObjectNode bert = json.putObject("post_processor");
        bert.put("type", "BertProcessing");
        bert.putArray("sep").add("[SEP]").add(102);
        bert.putArray("cls").add("[CLS]").add(101);
        assertMatchesReference(json, "bert-processing.json");
    }

    @Test
    void absentSectionsBehaveAsInTheReference() throws IOException {
        ObjectNode json = Fixtures.miniLm();
        json.putNull("normalizer");
        json.putNull("pre_tokenizer");
        json.putNull("post_processor");
        json.putNull("decoder");
        assertMatchesReference(json, "bare.json");
    }

    /** Texts, pairs, a truncated pair and decoding all equal the reference's for this variant file. */
    private static void assertMatchesReference(ObjectNode json, String name) throws IOException {
        Path file = Fixtures.write(dir, name, json);
        WordPieceTokenizer tokenizer = WordPieceTokenizer.fromJson(file);
        List<String> texts = new ArrayList<>(ReferenceCases.WORDPIECE_TEXTS);
        RandomText random = new RandomText(name.hashCode());
        for (int i = 0; i < 100; i++) {
            texts.add(random.next(10));
        }
        try (DjlReference ref = DjlReference.load(file);
                DjlReference truncating = DjlReference.load(file, 9, null)) {
            for (String text : texts) {
                Encoding encoding = tokenizer.encode(text);
                assertSameEncoding(encoding, ref.encode(text), text);
                assertThat(tokenizer.decode(encoding.ids(), false))
                        .as("decode of %s", show(text))
                        .isEqualTo(ref.decode(encoding.ids(), false));
            }
            for (List<String> pair : ReferenceCases.WORDPIECE_PAIRS) {
                assertSameEncoding(
                        tokenizer.encode(pair.get(0), pair.get(1)),
                        ref.encode(pair.get(0), pair.get(1)),
                        pair.toString());
                assertSameEncoding(
                        tokenizer.encode(pair.get(0), pair.get(1), 9),
                        truncating.encode(pair.get(0), pair.get(1)),
                        pair.toString());
            }
        }
    }
}
