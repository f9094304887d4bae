package dev.more.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.more.nn.embed.EncoderOutput;
import dev.more.nn.embed.SentenceEmbedder;
import dev.more.nn.loader.MiniLm;
import dev.more.nn.tokenizer.BatchEncoding;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Parity with ONNX Runtime: the default model's ONNX file, run by ONNX Runtime on the token ids our tokenizer
 * produced, against our encoder loaded from the same file. A batch of real sentences of different lengths, so rows
 * are padded; only real positions of the last hidden state are compared, and the mean pool over them.
 */
class MiniLmParityTest {
    /** A paragraph of real sentences, over 256 tokens long, so that it is truncated to the model's maximum. */
    static final String PARAGRAPH = String.join(
            " ",
            List.of(
                    "The history of the printing press begins in the fifteenth century, when movable metal type made it "
                            + "possible to reproduce texts quickly and at a fraction of the cost of hand copying.",
                    "Within a few decades, printers were working in more than two hundred European cities, and the number "
                            + "of books in circulation rose from thousands to millions.",
                    "Scholars argue about how much the new technology changed the way people thought, but few doubt that "
                            + "it accelerated the spread of scientific, religious and political ideas.",
                    "Pamphlets, newspapers and cheap editions of classical works reached readers who had never owned a "
                            + "book before, and literacy rates climbed steadily over the following centuries.",
                    "Governments and churches soon tried to control what could be printed, licensing presses, censoring "
                            + "texts and punishing authors, yet forbidden works were smuggled across borders and read in "
                            + "secret.",
                    "By the eighteenth century, the periodical press had become a forum for debate, and coffee houses in "
                            + "London, Paris and Amsterdam were filled with people arguing about what they had read that "
                            + "morning.",
                    "Historians still study the account books of early printers to learn how many copies were made, who "
                            + "bought them, how much they cost, and which titles were reprinted because readers kept asking "
                            + "for more.",
                    "Many of those volumes survive in libraries today, where conservators repair their bindings and "
                            + "photograph their pages so that anyone can read them online."));

    /** Sentences of 3 tokens to over 256, with punctuation, digits, accents and a word WordPiece splits. */
    static final List<String> SENTENCES = List.of(
            PARAGRAPH,
            "Hi.",
            "The cat sat on the mat.",
            "A man is playing a guitar on a crowded street corner in Lisbon.",
            "Transformers compute contextual token representations with stacked self-attention layers.",
            "Café owners in Zürich raised prices by 12% after the 2023 energy crisis, citing costs.",
            "Is it raining?",
            "The committee postponed its decision on the proposal until further evidence about the long-term "
                    + "environmental effects of the new dam could be gathered, reviewed by independent experts, "
                    + "and presented at a public hearing scheduled for the following spring.",
            "unbelievably");

    static final double MAX_ABS_DIFF = 1e-4;
    static final double MIN_COSINE = 0.99999;

    private static SentenceEmbedder embedder;
    private static OrtEnvironment env;
    private static OrtSession session;

    @BeforeAll
    static void load() throws IOException, OrtException {
        embedder = SentenceEmbedder.miniLm();
        byte[] model;
        try (InputStream in = MiniLm.class.getResourceAsStream(MiniLm.RESOURCE)) {
            assertThat(in).as("classpath resource %s", MiniLm.RESOURCE).isNotNull();
            model = in.readAllBytes();
        }
        env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            session = env.createSession(model, options);
        }
    }

    @AfterAll
    static void close() throws OrtException {
        session.close();
    }

    @Test
    void theGraphTakesBertsThreeInputsAndGivesTheLastHiddenState() {
        assertThat(session.getInputNames()).containsExactlyInAnyOrder("input_ids", "attention_mask", "token_type_ids");
        assertThat(session.getOutputNames()).contains("last_hidden_state");
    }

    @Test
    void lastHiddenStateAndMeanPoolMatchOnnxRuntimeOnPaddedRealSentences() throws OrtException {
        BatchEncoding batch = embedder.tokenize(SENTENCES);
        int[][] mask = batch.attentionMask();
        float[][][] expected = runOrt(batch);
        EncoderOutput ours = embedder.encode(batch);
        int seq = batch.sequenceLength();
        int hidden = embedder.dimension();
        float[] ourHidden = ours.lastHiddenState().toArray();
        float[] ourPool = ours.meanPooled().toArray();

        assertThat(ours.lastHiddenState().shape()).containsExactly(SENTENCES.size(), seq, hidden);
        double worstHidden = 0;
        double worstPool = 0;
        double worstCosine = 1;
        for (int b = 0; b < SENTENCES.size(); b++) {
            int tokens = 0;
            double hiddenDiff = 0;
            double[] pool = new double[hidden];
            for (int t = 0; t < seq; t++) {
                if (mask[b][t] == 0) {
                    continue;
                }
                tokens++;
                for (int h = 0; h < hidden; h++) {
                    float reference = expected[b][t][h];
                    hiddenDiff = Math.max(hiddenDiff, Math.abs(reference - ourHidden[(b * seq + t) * hidden + h]));
                    pool[h] += reference;
                }
            }
            double poolDiff = 0;
            double dot = 0;
            double ourNorm = 0;
            double refNorm = 0;
            for (int h = 0; h < hidden; h++) {
                double reference = pool[h] / tokens;
                double mine = ourPool[b * hidden + h];
                poolDiff = Math.max(poolDiff, Math.abs(reference - mine));
                dot += reference * mine;
                ourNorm += mine * mine;
                refNorm += reference * reference;
            }
            double cosine = dot / Math.sqrt(ourNorm * refNorm);
            System.out.printf(
                    "parity row %d (%3d tokens of %d): hidden max |diff| %.3e, mean-pool max |diff| %.3e, "
                            + "1 - cosine %.3e%n",
                    b, tokens, seq, hiddenDiff, poolDiff, 1 - cosine);
            assertThat(hiddenDiff).as("row %d hidden max |diff|", b).isLessThanOrEqualTo(MAX_ABS_DIFF);
            assertThat(poolDiff).as("row %d mean-pool max |diff|", b).isLessThanOrEqualTo(MAX_ABS_DIFF);
            assertThat(cosine).as("row %d cosine", b).isGreaterThanOrEqualTo(MIN_COSINE);
            worstHidden = Math.max(worstHidden, hiddenDiff);
            worstPool = Math.max(worstPool, poolDiff);
            worstCosine = Math.min(worstCosine, cosine);
        }
        System.out.printf(
                "parity worst: hidden max |diff| %.3e, mean-pool max |diff| %.3e, cosine %.9f "
                        + "(bounds: |diff| <= %.0e, cosine >= %.5f)%n",
                worstHidden, worstPool, worstCosine, MAX_ABS_DIFF, MIN_COSINE);
        assertThat(seq)
                .as("the paragraph is truncated to the maximum length")
                .isEqualTo(SentenceEmbedder.MINILM_MAX_LENGTH);
        assertThat(mask[1]).as("a short row is padded").contains(0);
    }

    @Test
    void normalisedEmbeddingsInSmallBatchesMatchOnnxRuntimesNormalisedMeanPool() throws OrtException {
        // Batches of 3, longest first: other paddings than the whole batch's, and the order restored.
        float[][] ours = embedder.withBatchSize(3).embed(SENTENCES);
        BatchEncoding batch = embedder.tokenize(SENTENCES);
        int[][] mask = batch.attentionMask();
        float[][][] expected = runOrt(batch);
        for (int b = 0; b < SENTENCES.size(); b++) {
            float[] pool = new float[embedder.dimension()];
            int tokens = 0;
            for (int t = 0; t < mask[b].length; t++) {
                if (mask[b][t] == 1) {
                    tokens++;
                    for (int h = 0; h < pool.length; h++) {
                        pool[h] += expected[b][t][h];
                    }
                }
            }
            for (int h = 0; h < pool.length; h++) {
                pool[h] /= tokens;
            }
            float[] reference = SentenceEmbedder.normalized(pool);
            double diff = 0;
            double norm = 0;
            for (int h = 0; h < pool.length; h++) {
                diff = Math.max(diff, Math.abs(reference[h] - ours[b][h]));
                norm += (double) ours[b][h] * ours[b][h];
            }
            assertThat(diff).as("row %d normalised max |diff|", b).isLessThanOrEqualTo(MAX_ABS_DIFF);
            assertThat(Math.sqrt(norm)).as("row %d norm", b).isCloseTo(1.0, within(1e-5));
        }
    }

    private static float[][][] runOrt(BatchEncoding batch) throws OrtException {
        try (OnnxTensor ids = OnnxTensor.createTensor(env, toLong(batch.ids()));
                OnnxTensor mask = OnnxTensor.createTensor(env, toLong(batch.attentionMask()));
                OnnxTensor types = OnnxTensor.createTensor(env, toLong(batch.tokenTypeIds()));
                OrtSession.Result result = session.run(
                        Map.of("input_ids", ids, "attention_mask", mask, "token_type_ids", types),
                        Set.of("last_hidden_state"))) {
            return (float[][][]) result.get("last_hidden_state").orElseThrow().getValue();
        }
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
