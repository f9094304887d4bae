package dev.more.nn.tokenizer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The GPT-2 style byte-level BPE tokenizer: a Hugging Face {@code tokenizer.json} whose model is {@code BPE} with
 * its {@code vocab} and {@code merges} (as {@code "a b"} strings or {@code ["a", "b"]} pairs), no normalizer, the
 * {@code ByteLevel} pre-tokenizer (GPT-2's split pattern, {@code add_prefix_space} and {@code use_regex}
 * honoured), a {@code ByteLevel}, {@code TemplateProcessing} or {@code BertProcessing} post-processor (or none) and
 * the {@code ByteLevel} decoder.
 *
 * <p>Every text is encodable: the vocabulary must hold all 256 byte characters, which is checked on load, so
 * {@code decode(encode(text).ids(), false)} gives back {@code text} exactly for any text without unpaired
 * surrogates (those are encoded as U+FFFD). Batches are padded with the file's {@code padding.pad_id}, else
 * {@code <|endoftext|>} (GPT-2 has no pad token; its end-of-text token is the usual stand-in), else not at all.
 *
 * <p>Not supported (rejected with a {@link TokenizerFormatException}): BPE dropout, continuing-subword prefixes and
 * end-of-word suffixes, normalizers, and pre-tokenizers other than {@code ByteLevel}.
 */
public final class BytePairTokenizer extends PipelineTokenizer {
    private BytePairTokenizer(EncodingPipeline pipeline, Vocabulary vocabulary) {
        super(pipeline, vocabulary);
    }

    /**
     * Loads a byte-level BPE {@code tokenizer.json}.
     *
     * @throws TokenizerFormatException if the file is not a tokenizer this class can run (the message says why)
     * @throws IOException if the file cannot be read
     */
    public static BytePairTokenizer fromJson(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return fromJson(in, file.toString());
        }
    }

    /**
     * Loads a byte-level BPE {@code tokenizer.json} from a stream, which is read to its end but not closed.
     *
     * @throws TokenizerFormatException if the content is not a tokenizer this class can run; no other exception
     *     comes from malformed content, and a tokenizer that loads encodes every text into ids its vocabulary has
     * @throws IOException if the stream cannot be read
     */
    public static BytePairTokenizer fromJson(InputStream in) throws IOException {
        return fromJson(in, "tokenizer.json stream");
    }

    static BytePairTokenizer fromJson(InputStream in, String source) throws IOException {
        JsonField root = JsonField.parse(in, source);
        JsonField model = TokenizerFiles.model(root, "BPE", "for \"WordPiece\" use WordPieceTokenizer");
        Map<String, Integer> vocab = Vocabulary.parse(model.get("vocab"));
        for (int b = 0; b < 256; b++) {
            String byteChar = String.valueOf(ByteLevel.charOf(b));
            if (!vocab.containsKey(byteChar)) {
                throw model.get("vocab")
                        .error(String.format(
                                "byte 0x%02X (\"%s\") is not in the vocabulary; a "
                                        + "byte-level vocabulary needs all 256 bytes",
                                b, byteChar));
            }
        }
        Map<Long, int[]> merges = BpeModel.parseMerges(model.get("merges"), vocab);
        JsonField dropout = model.get("dropout");
        if (!dropout.isAbsent() && !(dropout.node().isNumber() && dropout.node().doubleValue() == 0)) {
            throw dropout.error("BPE dropout makes encoding random; only deterministic BPE (null) is supported");
        }
        for (String affix : new String[] {"continuing_subword_prefix", "end_of_word_suffix"}) {
            if (!model.get(affix).text("").isEmpty()) {
                throw model.get(affix).error("must be empty or null for byte-level BPE");
            }
        }
        BpeModel bpe = new BpeModel(vocab, merges, model.get("ignore_merges").bool(false));

        JsonField normalizer = root.get("normalizer");
        if (!normalizer.isAbsent()) {
            throw normalizer.error(
                    "normalizer \"" + normalizer.type() + "\" is not supported with byte-level BPE " + "(only null)");
        }
        JsonField preTokenizer = root.get("pre_tokenizer");
        if (preTokenizer.isAbsent()) {
            throw preTokenizer.error("a byte-level BPE needs the \"ByteLevel\" pre-tokenizer");
        }
        TokenizerFiles.sectionType(preTokenizer, "ByteLevel");
        boolean addPrefixSpace = preTokenizer.get("add_prefix_space").bool(true);
        boolean useRegex = preTokenizer.get("use_regex").bool(true);
        EncodingPipeline.Model segmentModel =
                (text, out) -> ByteLevel.preTokenize(text, addPrefixSpace, useRegex, word -> bpe.tokenize(word, out));
        TokenizerFiles.sectionType(root.get("decoder"), "ByteLevel");

        List<AddedToken> added = AddedToken.parseAll(root.get("added_tokens"), vocab);
        Vocabulary vocabulary = new Vocabulary(vocab, added);
        EncodingPipeline pipeline = new EncodingPipeline(
                new AddedTokens(added, UnaryOperator.identity()),
                UnaryOperator.identity(),
                segmentModel,
                PostProcessor.parse(root.get("post_processor"), vocabulary),
                TokenizerFiles.padId(root, vocabulary, "<|endoftext|>"),
                TokenizerFiles.padTypeId(root));
        return new BytePairTokenizer(pipeline, vocabulary);
    }

    /** Concatenates the bytes the tokens stand for and reads them as UTF-8 (invalid sequences become U+FFFD). */
    @Override
    public String decode(int[] ids, boolean skipSpecialTokens) {
        List<String> tokens = tokensToDecode(ids, skipSpecialTokens);
        return ByteLevel.decode(tokens);
    }
}
