package dev.more.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.more.kernels.cpu.Parallel;
import dev.more.nn.embed.SentenceEmbedder;
import dev.more.nn.loader.MiniLm;
import dev.more.nn.tokenizer.BatchEncoding;
import dev.more.nn.tokenizer.Padding;
import dev.more.tensor.Rng;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One batch of the default model's embedding work, for us and for ONNX Runtime on the same token ids and thread
 * count: the encoder forward pass and the mean pool over the real tokens (tokenization is left out of both).
 *
 * <p>The texts are random sentences over a fixed list of common words, each longer than the batch's token count, so
 * that every row is truncated to exactly {@code tokens} ids and no position is padding. ONNX Runtime runs the
 * model's ONNX file with {@code intraOpNumThreads = threads}, {@code interOpNumThreads = 1} and its default
 * optimisation level; its input tensors are made once and reused.
 */
public final class EmbeddingWorkload implements AutoCloseable {
    private static final String[] WORDS = ("the of and to in is was for on that with as by at from his her it an "
                    + "are were which be this had not but have they one their all there been has when who will more no if "
                    + "out so said what up its about into than them can only other new some time could these two may then "
                    + "first any like now my such make over our even most after also did many before must through back "
                    + "years where much your way well down should because each just those people how too little state good "
                    + "very world still own see men work long here between both life being under never day same another "
                    + "know while last might great old year off come since against go came right used take three house "
                    + "music river market winter garden letter station village science history morning student")
            .split(" ");

    private final int batchSize;
    private final int tokens;
    private final int hidden;
    private final BatchEncoding batch;
    private final SentenceEmbedder embedder;
    private final OrtSession session;
    private final Map<String, OnnxTensor> inputs;

    private EmbeddingWorkload(
            int batchSize,
            int tokens,
            SentenceEmbedder embedder,
            BatchEncoding batch,
            OrtSession session,
            Map<String, OnnxTensor> inputs) {
        this.batchSize = batchSize;
        this.tokens = tokens;
        this.hidden = embedder.dimension();
        this.embedder = embedder;
        this.batch = batch;
        this.session = session;
        this.inputs = inputs;
    }

    /**
     * Loads the model on both sides and makes a batch of {@code batchSize} rows of {@code tokens} ids; sets the
     * engine's thread count to {@code threads}.
     *
     * @throws IOException if the model cannot be read
     * @throws OrtException if ONNX Runtime cannot load it
     */
    public static EmbeddingWorkload create(int batchSize, int tokens, int threads) throws IOException, OrtException {
        if (batchSize < 1 || tokens < 2 || tokens > SentenceEmbedder.MINILM_MAX_LENGTH || threads < 1) {
            throw new IllegalArgumentException("EmbeddingWorkload: needs batchSize >= 1, tokens in [2, "
                    + SentenceEmbedder.MINILM_MAX_LENGTH + "] and threads >= 1, got " + batchSize + ", " + tokens
                    + ", " + threads);
        }
        Parallel.setThreads(threads);
        SentenceEmbedder embedder = SentenceEmbedder.miniLm();
        BatchEncoding batch = embedder.tokenizer().encodeBatch(texts(batchSize, tokens), tokens, Padding.MAX_LENGTH);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession session;
        try (InputStream in = MiniLm.class.getResourceAsStream(MiniLm.RESOURCE);
                OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            if (in == null) {
                throw new IOException("classpath resource " + MiniLm.RESOURCE + " not found");
            }
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            session = env.createSession(in.readAllBytes(), options);
        }
        Map<String, OnnxTensor> inputs = Map.of(
                "input_ids", OnnxTensor.createTensor(env, toLong(batch.ids())),
                "attention_mask", OnnxTensor.createTensor(env, toLong(batch.attentionMask())),
                "token_type_ids", OnnxTensor.createTensor(env, toLong(batch.tokenTypeIds())));
        return new EmbeddingWorkload(batchSize, tokens, embedder, batch, session, inputs);
    }

    /** Our encoder and mean pool on the batch: (batch × hidden) floats, row-major. */
    public float[] ours() {
        return embedder.encode(batch).meanPooled().toArray();
    }

    /**
     * ONNX Runtime's last hidden state for the batch, mean-pooled here over the real tokens: (batch × hidden)
     * floats, row-major.
     *
     * @throws OrtException if the run fails
     */
    public float[] onnxRuntime() throws OrtException {
        int[][] mask = batch.attentionMask();
        try (OrtSession.Result result = session.run(inputs)) {
            FloatBuffer states = ((OnnxTensor) result.get("last_hidden_state").orElseThrow()).getFloatBuffer();
            float[] pooled = new float[batchSize * hidden];
            for (int b = 0; b < batchSize; b++) {
                int count = 0;
                for (int t = 0; t < tokens; t++) {
                    if (mask[b][t] == 1) {
                        count++;
                        for (int h = 0; h < hidden; h++) {
                            pooled[b * hidden + h] += states.get((b * tokens + t) * hidden + h);
                        }
                    }
                }
                for (int h = 0; h < hidden; h++) {
                    pooled[b * hidden + h] /= Math.max(count, 1);
                }
            }
            return pooled;
        }
    }

    /** The number of rows. */
    public int batchSize() {
        return batchSize;
    }

    /** The ids per row. */
    public int tokens() {
        return tokens;
    }

    /** The ONNX Runtime version. */
    public static String onnxRuntimeVersion() {
        return OrtEnvironment.getEnvironment().getVersion();
    }

    @Override
    public void close() throws OrtException {
        for (OnnxTensor tensor : inputs.values()) {
            tensor.close();
        }
        session.close();
    }

    /** Random sentences of common words, each with more than {@code tokens} words and so as many tokens. */
    private static List<String> texts(int count, int tokens) {
        Rng rng = new Rng(2024);
        List<String> texts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            StringBuilder text = new StringBuilder();
            for (int w = 0; w < tokens + 8; w++) {
                text.append(w == 0 ? "" : " ").append(WORDS[rng.nextInt(WORDS.length)]);
            }
            texts.add(text.append('.').toString());
        }
        return texts;
    }

    private static long[][] toLong(int[][] rows) {
        long[][] out = new long[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = new long[rows[i].length];
            for (int j = 0; j < rows[i].length; j++) {
                out[i][j] = rows[i][j];
            }
        }
        return out;
    }
}
