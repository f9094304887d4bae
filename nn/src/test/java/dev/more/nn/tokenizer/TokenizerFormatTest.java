package dev.more.nn.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One test per way a tokenizer.json can be unusable: each is one {@link TokenizerFormatException} whose message
 * names the file, the JSON path of the bad value and what is wrong.
 */
class TokenizerFormatTest {
    @TempDir
    Path dir;

    @Test
    void rejectsTextThatIsNotJson() throws IOException {
        assertRejectedText("{\"model\": {\"type\": ", "not valid JSON", "line 1");
        assertRejectedText("model: WordPiece", "not valid JSON");
    }

    @Test
    void rejectsEmptyInputAndNonObjectRoots() throws IOException {
        assertRejectedText("", "empty input");
        assertRejectedText("[1, 2]", "expected an object, found array");
        assertRejectedText("{} {}", "not valid JSON");
    }

    @Test
    void rejectsDuplicateKeys() throws IOException {
        assertRejectedText(
                "{\"model\": {\"type\": \"WordPiece\", \"vocab\": {\"a\": 0, \"a\": 1}}}",
                "not valid JSON",
                "Duplicate field 'a'");
    }

    @Test
    void rejectsAnUnknownVersion() throws IOException {
        assertRejectedWordPiece(json -> json.put("version", "2.0"), "version: unknown tokenizer.json version \"2.0\"");
    }

    @Test
    void rejectsAMissingModel() throws IOException {
        assertRejectedWordPiece(json -> json.remove("model"), "model: missing, expected an object");
        assertRejectedWordPiece(json -> json.put("model", "WordPiece"), "model: expected an object, found string");
        assertRejectedWordPiece(json -> model(json).remove("type"), "model.type: missing, expected a string");
    }

    @Test
    void rejectsAMissingOrMalformedVocabulary() throws IOException {
        assertRejectedWordPiece(json -> model(json).remove("vocab"), "model.vocab: missing, expected an object");
        assertRejectedWordPiece(json -> model(json).putArray("vocab"), "model.vocab: expected an object, found array");
        assertRejectedWordPiece(json -> model(json).putObject("vocab"), "model.vocab: the vocabulary is empty");
        assertRejectedWordPiece(
                json -> vocab(json).put("hello", -1),
                "model.vocab[\"hello\"]: expected a non-negative integer, found number -1");
        assertRejectedWordPiece(
                json -> vocab(json).put("hello", "7592"),
                "model.vocab[\"hello\"]: expected a non-negative integer, found string \"7592\"");
        assertRejectedWordPiece(
                json -> vocab(json).put("hello", 1.5), "model.vocab[\"hello\"]: expected a non-negative integer");
        assertRejectedWordPiece(
                json -> vocab(json).put("hello", 101), "model.vocab[\"hello\"]: id 101 is also the id of \"[CLS]\"");
    }

    @Test
    void rejectsTheWrongModelType() throws IOException {
        assertRejectedWordPiece(
                json -> model(json).put("type", "BPE"),
                "model.type: expected \"WordPiece\", found \"BPE\" (for \"BPE\" use BytePairTokenizer)");
        assertRejectedWordPiece(
                json -> model(json).put("type", "Unigram"), "model.type: expected \"WordPiece\", found \"Unigram\"");
        assertRejectedBpe(
                json -> model(json).put("type", "WordPiece"),
                "model.type: expected \"BPE\", found \"WordPiece\" (for \"WordPiece\" use WordPieceTokenizer)");
    }

    @Test
    void rejectsAVocabularyWithoutTheUnknownToken() throws IOException {
        assertRejectedWordPiece(
                json -> vocab(json).remove("[UNK]"), "model.unk_token: unknown token \"[UNK]\" is not in model.vocab");
        assertRejectedWordPiece(
                json -> model(json).put("unk_token", "<unk>"),
                "model.unk_token: unknown token \"<unk>\" is not in model.vocab");
        assertRejectedWordPiece(
                json -> model(json).put("max_input_chars_per_word", -1),
                "model.max_input_chars_per_word: expected a non-negative integer");
    }

    @Test
    void rejectsSectionsThatAreNotImplemented() throws IOException {
        assertRejectedWordPiece(
                json -> json.putObject("normalizer").put("type", "NFC"),
                "normalizer.type: \"NFC\" is not supported (supported: BertNormalizer, or null)");
        assertRejectedWordPiece(
                json -> json.putObject("pre_tokenizer").put("type", "Whitespace"),
                "pre_tokenizer.type: \"Whitespace\" is not supported (supported: BertPreTokenizer, or null)");
        assertRejectedWordPiece(
                json -> json.putObject("post_processor").put("type", "RobertaProcessing"),
                "post_processor.type: post-processor \"RobertaProcessing\" is not supported");
        assertRejectedWordPiece(
                json -> json.putObject("decoder").put("type", "Metaspace"),
                "decoder.type: \"Metaspace\" is not supported (supported: WordPiece, or null)");
        assertRejectedWordPiece(json -> json.putObject("normalizer"), "normalizer.type: missing, expected a string");
        assertRejectedWordPiece(
                json -> ((ObjectNode) json.get("normalizer")).put("lowercase", "yes"),
                "normalizer.lowercase: expected true or false, found string \"yes\"");
    }

    @Test
    void rejectsMalformedAddedTokens() throws IOException {
        assertRejectedWordPiece(
                json -> json.putObject("added_tokens"), "added_tokens: expected an array, found object");
        assertRejectedWordPiece(json -> added(json).add(5), "added_tokens[5]: expected an object, found number 5");
        assertRejectedWordPiece(
                json -> firstAdded(json).remove("content"), "added_tokens[0].content: missing, expected a string");
        assertRejectedWordPiece(
                json -> firstAdded(json).put("content", ""),
                "added_tokens[0].content: an added token must not be empty");
        assertRejectedWordPiece(json -> firstAdded(json).remove("id"), "added_tokens[0].id: missing");
    }

    @Test
    void rejectsMalformedPostProcessors() throws IOException {
        assertRejectedWordPiece(
                json -> postProcessor(json).remove("special_tokens"),
                "post_processor.special_tokens: missing, expected an object");
        assertRejectedWordPiece(
                json -> ((ObjectNode) postProcessor(json).get("special_tokens")).remove("[SEP]"),
                "post_processor.single[2].SpecialToken.id: special token \"[SEP]\" is not in special_tokens");
        assertRejectedWordPiece(
                json -> ((ArrayNode) postProcessor(json).get("single")).remove(1),
                "post_processor.single: sequence A appears 0 times; expected 1");
        assertRejectedWordPiece(
                json -> ((ArrayNode) postProcessor(json).get("single"))
                        .addObject()
                        .putObject("Sequence")
                        .put("id", "B")
                        .put("type_id", 1),
                "post_processor.single: sequence B appears 1 times; expected 0");
        assertRejectedWordPiece(
                json -> ((ArrayNode) postProcessor(json).get("pair"))
                        .addObject()
                        .put("Other", 1),
                "post_processor.pair[5]: expected a \"Sequence\" or \"SpecialToken\" element");
        assertRejectedWordPiece(
                json -> ((ObjectNode) postProcessor(json).get("special_tokens").get("[CLS]"))
                        .putArray("ids")
                        .add(101)
                        .add(102),
                "post_processor.special_tokens[\"[CLS]\"]: 2 ids but 1 tokens");
        assertRejectedWordPiece(
                json -> {
                    ObjectNode bert = json.putObject("post_processor").put("type", "BertProcessing");
                    bert.putArray("sep").add("[SEP]");
                    bert.putArray("cls").add("[CLS]").add(101);
                },
                "post_processor.sep: expected [token, id], found 1 elements");
    }

    @Test
    void rejectsPostProcessorIdsThatAreNotTheVocabularys() throws IOException {
        // Found by fuzzing (TokenizerJsonFuzzTestInputs/wordPiece/crash-template-id-not-in-vocabulary.json): such a
        // file loaded, then encodings held an id the model has no row for and decoding them failed.
        assertRejectedWordPiece(
                json -> ((ArrayNode) postProcessor(json)
                                .get("special_tokens")
                                .get("[SEP]")
                                .get("ids"))
                        .set(0, 5000),
                "post_processor.special_tokens[\"[SEP]\"].ids[0]: special token "
                        + "\"[SEP]\" has id 5000, but the vocabulary has no id 5000");
        assertRejectedWordPiece(
                json -> ((ArrayNode) postProcessor(json)
                                .get("special_tokens")
                                .get("[CLS]")
                                .get("ids"))
                        .set(0, 103),
                "special token \"[CLS]\" has id 103, but the vocabulary gives id 103 to " + "\"[MASK]\"");
        assertRejectedWordPiece(
                json -> {
                    ObjectNode bert = json.putObject("post_processor").put("type", "BertProcessing");
                    bert.putArray("sep").add("[SEP]").add(5000);
                    bert.putArray("cls").add("[CLS]").add(101);
                },
                "post_processor.sep[1]: special token \"[SEP]\" has id 5000, but the vocabulary has no id 5000");
    }

    @Test
    void rejectsMalformedPadding() throws IOException {
        assertRejectedWordPiece(
                json -> ((ObjectNode) json.get("padding")).put("pad_id", "0"),
                "padding.pad_id: expected a non-negative integer, found string \"0\"");
        assertRejectedWordPiece(
                json -> ((ObjectNode) json.get("padding")).put("pad_id", 5000),
                "padding.pad_id: the vocabulary has no id 5000 (its ids are below 1000)");
    }

    @Test
    void rejectsBytesThatJacksonTakesForUtf32() throws IOException {
        // Found by fuzzing (TokenizerJsonFuzzTestInputs/bytePair/crash-utf32-guess.json): Jackson guesses UTF-32
        // from the zero bytes and its CharConversionException, a plain IOException, escaped without the file name.
        byte[] bytes = new byte[20];
        bytes[0] = '2';
        bytes[16] = 1;
        bytes[19] = 3;
        Path file = java.nio.file.Files.write(dir.resolve("utf32.json"), bytes);
        assertRejected(file, () -> WordPieceTokenizer.fromJson(file), "not valid JSON text", "Invalid UTF-32");
        assertRejected(file, () -> BytePairTokenizer.fromJson(file), "not valid JSON text", "Invalid UTF-32");
    }

    @Test
    void rejectsMalformedMerges() throws IOException {
        assertRejectedBpe(json -> model(json).remove("merges"), "model.merges: missing, expected an array");
        assertRejectedBpe(
                json -> merges(json).insert(0, "Ġ t h"),
                "model.merges[0]: expected \"left right\" (one space), found \"Ġ t h\"");
        assertRejectedBpe(
                json -> merges(json).insert(0, "Ġt"),
                "model.merges[0]: expected \"left right\" (one space), found \"Ġt\"");
        assertRejectedBpe(
                json -> merges(json).insertArray(0).add("Ġ"),
                "model.merges[0]: expected [left, right], found 1 elements");
        assertRejectedBpe(json -> merges(json).insert(0, 7), "model.merges[0]: expected an array, found number 7");
        assertRejectedBpe(
                json -> merges(json).insert(0, "xyz q"),
                "model.merges[0]: merge \"xyz\" + \"q\": \"xyz\" is not in model.vocab");
        assertRejectedBpe(
                json -> merges(json).insert(0, "q q"),
                "model.merges[0]: merge \"q\" + \"q\": \"qq\" is not in model.vocab");
    }

    @Test
    void rejectsByteLevelFilesThatCannotEncodeEveryByte() throws IOException {
        assertRejectedBpe(
                json -> {
                    vocab(json).remove("Ā");
                    merges(json).removeAll();
                },
                "model.vocab: byte 0x00 (\"Ā\") is not in the vocabulary; a byte-level vocabulary needs all 256 bytes");
    }

    @Test
    void rejectsBpeFeaturesThatAreNotImplemented() throws IOException {
        assertRejectedBpe(json -> model(json).put("dropout", 0.1), "model.dropout: BPE dropout makes encoding random");
        assertRejectedBpe(
                json -> model(json).put("continuing_subword_prefix", "##"),
                "model.continuing_subword_prefix: must be empty or null for byte-level BPE");
        assertRejectedBpe(
                json -> model(json).put("end_of_word_suffix", "</w>"),
                "model.end_of_word_suffix: must be empty or null for byte-level BPE");
        assertRejectedBpe(
                json -> json.putObject("normalizer").put("type", "NFC"),
                "normalizer: normalizer \"NFC\" is not supported with byte-level BPE (only null)");
        assertRejectedBpe(
                json -> json.putNull("pre_tokenizer"),
                "pre_tokenizer: a byte-level BPE needs the \"ByteLevel\" pre-tokenizer");
        assertRejectedBpe(
                json -> json.putObject("pre_tokenizer").put("type", "Metaspace"),
                "pre_tokenizer.type: \"Metaspace\" is not supported (supported: ByteLevel, or null)");
        assertRejectedBpe(
                json -> json.putObject("decoder").put("type", "WordPiece"),
                "decoder.type: \"WordPiece\" is not supported (supported: ByteLevel, or null)");
    }

    @Test
    void aMissingFileIsAnIoErrorNotAFormatError() {
        assertThatThrownBy(() -> WordPieceTokenizer.fromJson(dir.resolve("absent.json")))
                .isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void aStreamIsNamedAsAStream() {
        assertThatThrownBy(() ->
                        BytePairTokenizer.fromJson(new ByteArrayInputStream("[]".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(TokenizerFormatException.class)
                .hasMessage("tokenizer.json stream: expected an object, found array []");
    }

    private void assertRejectedText(String text, String... messageParts) throws IOException {
        Path file = Fixtures.writeText(dir, "bad.json", text);
        assertRejected(file, () -> WordPieceTokenizer.fromJson(file), messageParts);
        assertRejected(file, () -> BytePairTokenizer.fromJson(file), messageParts);
    }

    private void assertRejectedWordPiece(Consumer<ObjectNode> edit, String... messageParts) throws IOException {
        ObjectNode json = Fixtures.smallWordPiece();
        edit.accept(json);
        Path file = Fixtures.write(dir, "bad-wordpiece.json", json);
        assertRejected(file, () -> WordPieceTokenizer.fromJson(file), messageParts);
    }

    private void assertRejectedBpe(Consumer<ObjectNode> edit, String... messageParts) throws IOException {
        ObjectNode json = Fixtures.tinyBpe();
        edit.accept(json);
        Path file = Fixtures.write(dir, "bad-bpe.json", json);
        assertRejected(file, () -> BytePairTokenizer.fromJson(file), messageParts);
    }

    private static void assertRejected(
            Path file, org.assertj.core.api.ThrowableAssert.ThrowingCallable load, String... messageParts) {
        assertThatThrownBy(load)
                .isInstanceOf(TokenizerFormatException.class)
                .hasMessageStartingWith(file + ": ")
                .satisfies(e -> assertThat(e.getMessage()).contains(messageParts));
    }

    private static ObjectNode model(ObjectNode json) {
        return (ObjectNode) json.get("model");
    }

    private static ObjectNode vocab(ObjectNode json) {
        return (ObjectNode) model(json).get("vocab");
    }

    private static ArrayNode merges(ObjectNode json) {
        return (ArrayNode) model(json).get("merges");
    }

    private static ArrayNode added(ObjectNode json) {
        return (ArrayNode) json.get("added_tokens");
    }

    private static ObjectNode firstAdded(ObjectNode json) {
        return (ObjectNode) added(json).get(0);
    }

    private static ObjectNode postProcessor(ObjectNode json) {
        return (ObjectNode) json.get("post_processor");
    }
}
