package dev.more.nn.embed;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.more.autograd.NoGrad;
import dev.more.autograd.Variable;
import dev.more.nn.loader.HuggingFaceFolder;
import dev.more.nn.loader.MiniLm;
import dev.more.nn.loader.PretrainedWeights;
import dev.more.nn.loader.WeightsException;
import dev.more.nn.models.BertModel;
import dev.more.nn.models.Pooling;
import dev.more.nn.tokenizer.BatchEncoding;
import dev.more.nn.tokenizer.Padding;
import dev.more.nn.tokenizer.Tokenizer;
import dev.more.nn.tokenizer.WordPieceTokenizer;
import dev.more.tensor.Device;
import dev.more.tensor.Rng;
import dev.more.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Sentence vectors from a BERT-family encoder, as sentence-transformers computes them for all-MiniLM-L6-v2: each
 * text is tokenized with the model's special tokens and truncated to {@link #maxLength()} tokens, encoded, mean-pooled
 * over its real tokens, and L2-normalised (that model's pipeline ends with a {@code Normalize} module).
 *
 * <p>Texts are embedded in batches of {@link #batchSize()}, longest first (as sentence-transformers orders them, so
 * that each batch pads little), and returned in the caller's order. The encoder runs in evaluation mode without a
 * graph. An instance holds no mutable state and may be shared; the compute kernels are parallel already, so calls
 * from several threads gain nothing.
 */
public final class SentenceEmbedder {
    /** all-MiniLM-L6-v2's {@code max_seq_length} in its {@code sentence_bert_config.json}. */
    public static final int MINILM_MAX_LENGTH = 256;

    /** The batch size sentence-transformers' {@code encode} uses by default. */
    public static final int DEFAULT_BATCH_SIZE = 32;

    /** The file naming a sentence-transformers model's {@code max_seq_length}. */
    public static final String SENTENCE_CONFIG = "sentence_bert_config.json";

    /** The tokenizer file a model folder must hold. */
    public static final String TOKENIZER = "tokenizer.json";

    /** The floor on a vector's norm when normalising, as {@code torch.nn.functional.normalize}. */
    static final double NORM_EPS = 1e-12;

    private final BertModel model;
    private final Tokenizer tokenizer;
    private final int maxLength;
    private final int batchSize;

    /**
     * An embedder over {@code model} (put in evaluation mode) and {@code tokenizer}, truncating to {@code maxLength}
     * tokens, with special tokens, and embedding {@code batchSize} texts at a time.
     *
     * @throws IllegalArgumentException if {@code maxLength} is not in [2, the model's position count] or
     *     {@code batchSize} is not positive
     */
    public SentenceEmbedder(BertModel model, Tokenizer tokenizer, int maxLength, int batchSize) {
        this.model = Objects.requireNonNull(model, "model");
        this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
        int positions = model.config().maxPositions();
        if (maxLength < 2 || maxLength > positions) {
            throw new IllegalArgumentException("SentenceEmbedder: maxLength " + maxLength + " must be in [2, "
                    + positions + "] (2 special tokens, the model's " + positions + " positions)");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("SentenceEmbedder: batchSize must be positive, got " + batchSize);
        }
        this.maxLength = maxLength;
        this.batchSize = batchSize;
        model.eval();
    }

    /**
     * The default model, all-MiniLM-L6-v2, with its weights and tokenizer from the classpath (the model jar), its
     * maximum length 256 and batches of 32.
     *
     * @throws IOException if the weights cannot be read (see {@link MiniLm#load()})
     */
    public static SentenceEmbedder miniLm() throws IOException {
        return new SentenceEmbedder(
                encoder(MiniLm.load()), WordPieceTokenizer.miniLm(), MINILM_MAX_LENGTH, DEFAULT_BATCH_SIZE);
    }

    /**
     * A model from a Hugging Face folder: {@code config.json} and {@code model.safetensors} (see
     * {@link HuggingFaceFolder#load(Path)}) and a WordPiece {@code tokenizer.json}. The maximum length is the
     * {@code max_seq_length} of the folder's {@code sentence_bert_config.json} when it has one, else the model's
     * position count.
     *
     * @throws WeightsException if a file is missing, the weights do not fit the configuration, or
     *     {@code sentence_bert_config.json} is malformed
     * @throws dev.more.nn.tokenizer.TokenizerFormatException if {@code tokenizer.json} is not a WordPiece tokenizer
     * @throws IOException if a file cannot be read
     */
    public static SentenceEmbedder fromFolder(Path folder) throws IOException {
        PretrainedWeights weights = HuggingFaceFolder.load(folder);
        Path tokenizerFile = folder.resolve(TOKENIZER);
        if (!Files.isRegularFile(tokenizerFile)) {
            throw new WeightsException(folder + ": no " + TOKENIZER + " (the embedder needs the model's tokenizer "
                    + "next to " + HuggingFaceFolder.CONFIG + " and " + HuggingFaceFolder.WEIGHTS + ")");
        }
        WordPieceTokenizer tokenizer = WordPieceTokenizer.fromJson(tokenizerFile);
        int maxLength =
                maxSeqLength(folder.resolve(SENTENCE_CONFIG), weights.config().maxPositions());
        return new SentenceEmbedder(encoder(weights), tokenizer, maxLength, DEFAULT_BATCH_SIZE);
    }

    /** Moves the model to {@code device}, where the embedding then computes; returns this. */
    public SentenceEmbedder to(Device device) {
        model.to(device);
        return this;
    }

    /** This embedder with another batch size, sharing the model. */
    public SentenceEmbedder withBatchSize(int size) {
        return new SentenceEmbedder(model, tokenizer, maxLength, size);
    }

    /** The L2-normalised embeddings of {@code texts}, one row of {@link #dimension()} floats per text, in order. */
    public float[][] embed(List<String> texts) {
        return embed(texts, true);
    }

    /**
     * The embeddings of {@code texts}, in order: mean pools, L2-normalised when {@code normalize}.
     *
     * @throws NullPointerException if a text is null
     */
    public float[][] embed(List<String> texts, boolean normalize) {
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i) == null) {
                throw new NullPointerException("SentenceEmbedder: text " + i + " is null");
            }
        }
        // Longest first, as sentence-transformers sorts; the row order is restored below.
        int[] order = IntStream.range(0, texts.size())
                .boxed()
                .sorted(Comparator.comparingInt((Integer i) -> -texts.get(i).length()))
                .mapToInt(Integer::intValue)
                .toArray();
        float[][] out = new float[texts.size()][];
        for (int start = 0; start < order.length; start += batchSize) {
            int end = Math.min(order.length, start + batchSize);
            List<String> chunk = new ArrayList<>(end - start);
            for (int k = start; k < end; k++) {
                chunk.add(texts.get(order[k]));
            }
            Tensor pooled = encode(tokenize(chunk)).meanPooled();
            int dim = pooled.size(1);
            float[] values = pooled.toArray();
            for (int k = start; k < end; k++) {
                float[] row = new float[dim];
                System.arraycopy(values, (k - start) * dim, row, 0, dim);
                out[order[k]] = normalize ? normalized(row) : row;
            }
        }
        return out;
    }

    /** The L2-normalised embedding of one text. */
    public float[] embed(String text) {
        return embed(List.of(text), true)[0];
    }

    /**
     * The texts tokenized as {@link #embed} tokenizes them: special tokens, truncation to {@link #maxLength()},
     * padding to the longest row.
     */
    public BatchEncoding tokenize(List<String> texts) {
        return tokenizer.encodeBatch(texts, maxLength, Padding.LONGEST);
    }

    /**
     * The last hidden state and the un-normalised mean pool of a tokenized batch, e.g. from {@link #tokenize}.
     *
     * @throws IllegalArgumentException if the batch is longer than the model's positions or holds an id outside
     *     its vocabulary
     */
    public EncoderOutput encode(BatchEncoding batch) {
        int[][] mask = batch.attentionMask();
        try (NoGrad ignored = NoGrad.enter()) {
            Variable hidden = model.forward(batch.ids(), mask, batch.tokenTypeIds());
            return new EncoderOutput(hidden.value(), Pooling.mean(hidden, mask).value());
        }
    }

    /** {@code v / max(‖v‖₂, 1e-12)}, as {@code torch.nn.functional.normalize(p=2)}; a new array. */
    public static float[] normalized(float[] v) {
        double sumOfSquares = 0;
        for (float x : v) {
            sumOfSquares += (double) x * x;
        }
        double scale = 1 / Math.max(Math.sqrt(sumOfSquares), NORM_EPS);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] * scale);
        }
        return out;
    }

    /** The length of each embedding (the model's hidden size). */
    public int dimension() {
        return model.config().hidden();
    }

    /** The most tokens, special tokens included, a text is encoded with; longer texts are truncated. */
    public int maxLength() {
        return maxLength;
    }

    /** How many texts one forward pass encodes. */
    public int batchSize() {
        return batchSize;
    }

    /** The encoder (in evaluation mode). */
    public BertModel model() {
        return model;
    }

    /** The tokenizer. */
    public Tokenizer tokenizer() {
        return tokenizer;
    }

    /** A BERT encoder holding {@code weights}, without dropout, in evaluation mode. */
    private static BertModel encoder(PretrainedWeights weights) {
        BertModel model = new BertModel(weights.config(), weights.hasPooler(), 0f, new Rng(0));
        model.loadStateDict(weights.tensors(), true);
        model.eval();
        return model;
    }

    /** {@code max_seq_length} from a sentence-transformers config if the file exists, else {@code positions}. */
    private static int maxSeqLength(Path file, int positions) throws IOException {
        if (!Files.exists(file)) {
            return positions;
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (JacksonException e) {
            throw new WeightsException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new WeightsException(file + ": expected a JSON object with max_seq_length");
        }
        JsonNode value = root.get("max_seq_length");
        if (value == null || value.isNull()) {
            return positions;
        }
        if (!value.canConvertToInt()
                || !value.isIntegralNumber()
                || value.intValue() < 2
                || value.intValue() > positions) {
            throw new WeightsException(file + ": max_seq_length " + value + " must be an integer in [2, " + positions
                    + "] (the model has " + positions + " positions)");
        }
        return value.intValue();
    }
}
