package dev.more.train;

import dev.more.nn.LoadReport;
import dev.more.nn.loader.BertConfig;
import dev.more.nn.loader.HuggingFaceFolder;
import dev.more.nn.loader.MiniLm;
import dev.more.nn.loader.PretrainedWeights;
import dev.more.nn.loader.WeightsException;
import dev.more.nn.models.BertForSequenceClassification;
import dev.more.nn.models.PoolingMode;
import dev.more.nn.tokenizer.Tokenizer;
import dev.more.nn.tokenizer.WordPieceTokenizer;
import dev.more.tensor.Rng;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A pretrained BERT-family encoder and its tokenizer, named as on the command line: {@code minilm}
 * (all-MiniLM-L6-v2 from the model jar on the classpath) or the path of a Hugging Face folder with
 * {@code config.json}, {@code model.safetensors} and a WordPiece {@code tokenizer.json}.
 *
 * @param id {@code minilm}, or the folder's absolute path: what run folders record
 * @param weights the encoder's weights
 * @param tokenizer the tokenizer
 */
public record BaseModel(String id, PretrainedWeights weights, Tokenizer tokenizer) {
    /** The name of the default model. */
    public static final String MINILM = "minilm";
    /** A folder's tokenizer file. */
    public static final String TOKENIZER_JSON = "tokenizer.json";

    /**
     * Loads {@code spec}: {@code minilm} or a Hugging Face folder.
     *
     * @throws WeightsException if the folder or one of its files is missing, does not hold a BERT encoder, or its
     *     tokenizer has ids the embeddings have no row for
     * @throws IOException if a file cannot be read or is malformed
     */
    public static BaseModel load(String spec) throws IOException {
        if (spec.equals(MINILM)) {
            return new BaseModel(MINILM, MiniLm.load(), WordPieceTokenizer.miniLm());
        }
        Path folder = Path.of(spec).toAbsolutePath().normalize();
        PretrainedWeights weights = HuggingFaceFolder.load(folder);
        Path tokenizer = folder.resolve(TOKENIZER_JSON);
        if (!Files.isRegularFile(tokenizer)) {
            throw new WeightsException(folder + ": no " + TOKENIZER_JSON + " (the model folder needs its tokenizer)");
        }
        WordPieceTokenizer wordPiece = WordPieceTokenizer.fromJson(tokenizer);
        int rows = weights.config().vocabSize();
        if (wordPiece.vocabSize() > rows) {
            // Such ids would index past the embedding table in the first forward pass.
            throw new WeightsException(folder + ": " + TOKENIZER_JSON + " has ids up to " + (wordPiece.vocabSize() - 1)
                    + " but " + HuggingFaceFolder.CONFIG + " gives vocab_size " + rows + "; the tokenizer belongs to "
                    + "another model (or added tokens need the embeddings resized)");
        }
        return new BaseModel(folder.toString(), weights, wordPiece);
    }

    /**
     * The sizes of {@code spec} without loading its weights.
     *
     * @throws IOException if the folder's {@code config.json} is missing or invalid
     */
    public static BertConfig config(String spec) throws IOException {
        if (spec.equals(MINILM)) {
            return BertConfig.miniLm();
        }
        return BertConfig.fromJson(Path.of(spec).resolve(HuggingFaceFolder.CONFIG));
    }

    /** The bytes of the model's {@code tokenizer.json}, to copy next to merged weights. */
    public byte[] tokenizerJson() throws IOException {
        if (id.equals(MINILM)) {
            try (InputStream in = BaseModel.class.getResourceAsStream(WordPieceTokenizer.MINILM_RESOURCE)) {
                if (in == null) {
                    throw new WeightsException(
                            "classpath resource " + WordPieceTokenizer.MINILM_RESOURCE + " not found");
                }
                return in.readAllBytes();
            }
        }
        return Files.readAllBytes(Path.of(id).resolve(TOKENIZER_JSON));
    }

    /** The pad id batches use. */
    public int padId() {
        return tokenizer.padId().orElseThrow(() -> new IllegalStateException(id + ": the tokenizer has no pad token"));
    }

    /**
     * A classifier into {@code labels} classes with this encoder's weights and a freshly initialised
     * head drawn from {@code rng}.
     *
     * @throws IllegalArgumentException if {@code pooling} is {@link PoolingMode#POOLER} and the weights have no pooler
     */
    public BertForSequenceClassification classifier(int labels, PoolingMode pooling, float dropout, Rng rng) {
        if (pooling == PoolingMode.POOLER && !weights.hasPooler()) {
            throw new IllegalArgumentException(id + " has no trained pooler; use mean or cls pooling");
        }
        BertForSequenceClassification model =
                new BertForSequenceClassification(weights.config(), labels, pooling, dropout, rng);
        LoadReport report = model.bert().loadStateDict(weights.tensors(), false);
        List<String> unexpected = report.unexpectedKeys().stream()
                .filter(k -> !k.startsWith("pooler."))
                .toList();
        if (!report.missingKeys().isEmpty()
                || !unexpected.isEmpty()
                || !report.shapeMismatches().isEmpty()) {
            throw new IllegalStateException(id + ": the weights do not fit the encoder: missing " + report.missingKeys()
                    + ", unexpected " + unexpected + ", mismatched " + report.shapeMismatches());
        }
        return model;
    }
}
