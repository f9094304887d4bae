package dev.more.nn.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.more.autograd.NoGrad;
import dev.more.nn.tokenizer.BatchEncoding;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The default model's embedder, loaded once for the class (parity with ONNX Runtime is in the test module). */
class SentenceEmbedderTest {
    private static final List<String> TEXTS = List.of(
            "A man is playing a guitar.",
            "Someone plays an acoustic guitar on stage.",
            "The central bank raised interest rates again.",
            "Hi",
            "Stock markets fell after the interest rate decision.");

    private static SentenceEmbedder embedder;

    @BeforeAll
    static void load() throws IOException {
        embedder = SentenceEmbedder.miniLm();
    }

    @Test
    void theDefaultModelIsMiniLmWithItsPipelineSettings() {
        assertThat(embedder.dimension()).isEqualTo(384);
        assertThat(embedder.maxLength()).isEqualTo(256);
        assertThat(embedder.batchSize()).isEqualTo(32);
        assertThat(embedder.model().isTraining()).isFalse();
        assertThat(embedder.model().hasPooler()).isFalse();
    }

    @Test
    void embeddingsAreUnitVectorsAndParaphrasesAreCloserThanUnrelatedSentences() {
        float[][] vectors = embedder.embed(TEXTS);

        assertThat(vectors).hasNumberOfRows(TEXTS.size());
        for (float[] v : vectors) {
            assertThat(v).hasSize(384);
            assertThat(norm(v)).isCloseTo(1.0, within(1e-6));
        }
        double guitars = dot(vectors[0], vectors[1]);
        double rates = dot(vectors[2], vectors[4]);
        assertThat(guitars).isGreaterThan(dot(vectors[0], vectors[2]) + 0.3);
        assertThat(rates).isGreaterThan(dot(vectors[1], vectors[4]) + 0.3);
    }

    @Test
    void theUnnormalisedEmbeddingIsTheMeanOfTheRealTokensHiddenStates() {
        BatchEncoding batch = embedder.tokenize(TEXTS);
        EncoderOutput output = embedder.encode(batch);
        float[][] pooled = embedder.embed(TEXTS, false);
        float[][] normalised = embedder.embed(TEXTS, true);
        int[][] mask = batch.attentionMask();
        int seq = batch.sequenceLength();
        float[] hidden = output.lastHiddenState().toArray();

        assertThat(mask[3]).as("'Hi' is padded").contains(0);
        for (int b = 0; b < TEXTS.size(); b++) {
            double[] mean = new double[384];
            int tokens = Arrays.stream(mask[b]).sum();
            for (int t = 0; t < seq; t++) {
                for (int h = 0; h < 384 && mask[b][t] == 1; h++) {
                    mean[h] += hidden[(b * seq + t) * 384 + h] / (double) tokens;
                }
            }
            double length = norm(pooled[b]);
            for (int h = 0; h < 384; h++) {
                assertThat((double) pooled[b][h]).as("row %d, feature %d", b, h).isCloseTo(mean[h], within(1e-5));
                assertThat((double) normalised[b][h]).isCloseTo(pooled[b][h] / length, within(1e-6));
            }
        }
    }

    @Test
    void batchingAndOrderDoNotChangeTheVectors() {
        float[][] together = embedder.embed(TEXTS);
        float[][] inTwos = embedder.withBatchSize(2).embed(TEXTS);
        List<String> reversed = new ArrayList<>(TEXTS);
        Collections.reverse(reversed);
        float[][] backwards = embedder.withBatchSize(3).embed(reversed);

        for (int i = 0; i < TEXTS.size(); i++) {
            assertThat(inTwos[i]).as("text %d in batches of 2", i).containsExactly(together[i], within(1e-5f));
            assertThat(backwards[TEXTS.size() - 1 - i])
                    .as("text %d reversed", i)
                    .containsExactly(together[i], within(1e-5f));
            assertThat(embedder.embed(TEXTS.get(i))).as("text %d alone", i).containsExactly(together[i], within(1e-5f));
        }
    }

    @Test
    void longTextsAreTruncatedToTheMaximumLength() {
        String longText = "word ".repeat(1000);
        BatchEncoding batch = embedder.tokenize(List.of(longText, "short"));

        assertThat(batch.sequenceLength()).isEqualTo(256);
        float[] truncated = embedder.embed(longText);
        float[] sameTokens = embedder.embed("word ".repeat(254));
        assertThat(truncated).containsExactly(sameTokens, within(1e-5f));
    }

    @Test
    void emptyInputsNullTextsAndBadSettings() {
        assertThat(embedder.embed(List.of())).isEmpty();
        assertThat(norm(embedder.embed(""))).isCloseTo(1.0, within(1e-6));
        assertThatThrownBy(() -> embedder.embed(Arrays.asList("a", null)))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("SentenceEmbedder: text 1 is null");
        assertThatThrownBy(() -> embedder.withBatchSize(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("batchSize must be positive, got 0");
        assertThatThrownBy(() -> new SentenceEmbedder(embedder.model(), embedder.tokenizer(), 513, 8))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxLength 513 must be in [2, 512]");
        assertThatThrownBy(() -> new SentenceEmbedder(embedder.model(), embedder.tokenizer(), 1, 8))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxLength 1 must be in [2, 512]");
    }

    @Test
    void encodingRecordsNoGraphAndLeavesNoGradScopesOpen() {
        EncoderOutput output = embedder.encode(embedder.tokenize(List.of("a graph-free pass")));

        assertThat(NoGrad.active()).isFalse();
        assertThat(output.meanPooled().shape()).containsExactly(1, 384);
        assertThat(embedder.model().parameters())
                .allSatisfy(p -> assertThat(p.grad()).isNull());
    }

    @Test
    void normalisationDividesByTheNormAndLeavesZeroAlone() {
        assertThat(SentenceEmbedder.normalized(new float[] {3, 4})).containsExactly(0.6f, 0.8f);
        assertThat(SentenceEmbedder.normalized(new float[] {0, 0, 0})).containsExactly(0, 0, 0);
    }

    private static double norm(float[] v) {
        return Math.sqrt(dot(v, v));
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }
}
