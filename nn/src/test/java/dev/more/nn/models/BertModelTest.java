package dev.more.nn.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.more.autograd.Variable;
import dev.more.nn.LoadReport;
import dev.more.nn.ModuleGradCheck;
import dev.more.nn.layers.AttentionMask;
import dev.more.nn.loader.BertConfig;
import dev.more.tensor.IndexOutOfRangeException;
import dev.more.tensor.Rng;
import dev.more.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BertModelTest {
    private static final BertConfig TINY = new BertConfig(20, 8, 2, 2, 16, 10, 2, 1e-12, "gelu");
    private static final int[][] IDS = {{2, 7, 7, 19, 4}, {3, 5, 0, 0, 0}};
    private static final int[][] MASK = {{1, 1, 1, 1, 1}, {1, 1, 0, 0, 0}};

    private static BertModel tiny(boolean pooler) {
        BertModel model = new BertModel(TINY, pooler, new Rng(1));
        model.eval();
        return model;
    }

    /** Hugging Face's BertModel parameter names, in its checkpoint order. */
    private static List<String> huggingFaceNames(int layers, boolean pooler) {
        List<String> names = new ArrayList<>(List.of(
                "embeddings.word_embeddings.weight",
                "embeddings.position_embeddings.weight",
                "embeddings.token_type_embeddings.weight",
                "embeddings.LayerNorm.weight",
                "embeddings.LayerNorm.bias"));
        for (int i = 0; i < layers; i++) {
            for (String suffix : List.of(
                    "attention.self.query",
                    "attention.self.key",
                    "attention.self.value",
                    "attention.output.dense",
                    "attention.output.LayerNorm",
                    "intermediate.dense",
                    "output.dense",
                    "output.LayerNorm")) {
                names.add("encoder.layer." + i + "." + suffix + ".weight");
                names.add("encoder.layer." + i + "." + suffix + ".bias");
            }
        }
        if (pooler) {
            names.add("pooler.dense.weight");
            names.add("pooler.dense.bias");
        }
        return names;
    }

    /** The parameter count of a BERT by formula: embeddings, then per layer attention, its output and the FFN. */
    private static long countByFormula(BertConfig c, boolean pooler) {
        long h = c.hidden();
        long i = c.intermediate();
        long embeddings = (long) (c.vocabSize() + c.maxPositions() + c.typeVocab()) * h + 2 * h;
        long layer = 4 * (h * h + h) + 2 * h + (h * i + i) + (i * h + h) + 2 * h;
        return embeddings + c.layers() * layer + (pooler ? h * h + h : 0);
    }

    @Test
    void hasHuggingFaceParameterNamesInCheckpointOrder() {
        assertThat(tiny(true).namedParameters().keySet()).containsExactlyElementsOf(huggingFaceNames(2, true));
        assertThat(tiny(false).namedParameters().keySet()).containsExactlyElementsOf(huggingFaceNames(2, false));
    }

    @Test
    void miniLmHasTheExpectedShapesAndCountAndRunsAForwardPass() {
        BertModel model = new BertModel(BertConfig.miniLm(), true, new Rng(0));
        assertThat(model.parameterCount()).isEqualTo(countByFormula(BertConfig.miniLm(), true));
        assertThat(model.parameterCount() - model.module("pooler").parameterCount())
                .isEqualTo(countByFormula(BertConfig.miniLm(), false));
        assertThat(model.parameter("embeddings.word_embeddings.weight").shape()).containsExactly(30522, 384);
        assertThat(model.parameter("embeddings.position_embeddings.weight").shape())
                .containsExactly(512, 384);
        assertThat(model.parameter("encoder.layer.5.attention.self.query.weight")
                        .shape())
                .containsExactly(384, 384);
        assertThat(model.parameter("encoder.layer.5.intermediate.dense.weight").shape())
                .containsExactly(1536, 384);
        assertThat(model.parameter("encoder.layer.5.output.dense.weight").shape())
                .containsExactly(384, 1536);
        model.eval();
        Variable out = model.forward(new int[][] {{101, 7592, 2088, 102}}, null, null);
        assertThat(out.shape()).containsExactly(1, 4, 384);
        assertThat(model.pool(out).shape()).containsExactly(1, 384);
    }

    @Test
    void initialisesAsHuggingFaceDoes() {
        BertModel model = tiny(true);
        assertThat(model.parameter("encoder.layer.0.output.LayerNorm.weight")
                        .value()
                        .toArray())
                .containsOnly(1f);
        assertThat(model.parameter("encoder.layer.1.intermediate.dense.bias")
                        .value()
                        .toArray())
                .containsOnly(0f);
        assertThat(model.parameter("embeddings.word_embeddings.weight")
                        .value()
                        .narrow(0, 0, 1)
                        .toArray())
                .containsOnly(0f);
        float[] w = new BertModel(new BertConfig(100, 64, 1, 4, 256, 16, 2, 1e-12, "gelu"), false, new Rng(3))
                .parameter("encoder.layer.0.intermediate.dense.weight")
                .value()
                .toArray();
        double squares = 0;
        for (float v : w) {
            squares += v * v;
        }
        // 16,384 draws of N(0, 0.02²): the root mean square is within 0.0005 of 0.02 by a wide margin.
        assertThat(Math.sqrt(squares / w.length)).isCloseTo(0.02, within(0.0005));
    }

    @Test
    void outputsAreBatchBySequenceByHiddenAndLayerNormalised() {
        Tensor out = tiny(false).forward(IDS, MASK, null).value();
        assertThat(out.shape()).containsExactly(2, 5, 8);
        // Post-LN with LayerNorm weight 1 and bias 0: each token's state has mean 0 and variance 1.
        Tensor mean = out.mean(false, -1);
        Tensor variance = out.sub(out.mean(true, -1)).pow(2f).mean(false, -1);
        for (float m : mean.toArray()) {
            assertThat((double) m).isCloseTo(0, within(1e-5));
        }
        for (float v : variance.toArray()) {
            assertThat((double) v).isCloseTo(1, within(1e-4));
        }
    }

    @Test
    void paddingDoesNotChangeTheRealTokensStates() {
        BertModel model = tiny(false);
        Tensor a = model.forward(IDS, MASK, null).value();
        Tensor b = model.forward(
                        new int[][] {IDS[0], {3, 5, 11, 12, 13}}, MASK, new int[][] {{0, 0, 0, 0, 0}, {0, 0, 1, 1, 1}})
                .value();
        assertThat(b.narrow(0, 1, 1).narrow(1, 0, 2).toArray())
                .containsExactly(a.narrow(0, 1, 1).narrow(1, 0, 2).toArray());
        Tensor unmasked = model.forward(IDS, null, null).value();
        assertThat(unmasked.narrow(0, 1, 1).narrow(1, 0, 2).toArray())
                .isNotEqualTo(a.narrow(0, 1, 1).narrow(1, 0, 2).toArray());
    }

    @Test
    void tokenTypesDefaultToZeroAndMatter() {
        BertModel model = tiny(false);
        float[] none = model.forward(IDS, MASK, null).value().toArray();
        assertThat(model.forward(IDS, MASK, new int[2][5]).value().toArray()).containsExactly(none);
        int[][] types = {{0, 0, 1, 1, 1}, {0, 0, 0, 0, 0}};
        assertThat(model.forward(IDS, MASK, types).value().toArray()).isNotEqualTo(none);
    }

    @Test
    void inferenceRunsEachSublayerAsOneOpWithTheRecordedPathsBits() {
        BertModel model = tiny(false);
        Variable recorded = model.forward(IDS, MASK, null);
        assertThat(recorded.requiresGrad())
                .as("parameters that need gradients take the op-by-op path")
                .isTrue();
        try (dev.more.autograd.NoGrad ignored = dev.more.autograd.NoGrad.enter()) {
            Variable fused = model.forward(IDS, MASK, null);
            assertThat(fused.requiresGrad()).isFalse();
            assertThat(fused.value().toArray()).containsExactly(recorded.value().toArray());
        }
    }

    @Test
    void theEncoderWritesOverOnlyTheStatesItMadeItself() {
        BertModel model = tiny(false);
        try (dev.more.autograd.NoGrad ignored = dev.more.autograd.NoGrad.enter()) {
            Variable embedded = model.embeddings().forward(IDS, null);
            float[] before = embedded.value().toArray();
            Tensor mask = AttentionMask.additive(MASK, IDS.length, IDS[0].length, false);
            float[] out = model.encoder().forward(embedded, mask).value().toArray();
            assertThat(embedded.value().toArray())
                    .as("the encoder's input is left as it was")
                    .containsExactly(before);
            Variable first = model.encoder().layers().get(0).forward(embedded, mask);
            float[] firstValues = first.value().toArray();
            Variable kept = model.encoder().layers().get(1).forward(first, mask);
            assertThat(first.value().toArray()).as("forward keeps its input").containsExactly(firstValues);
            Variable over = model.encoder().layers().get(1).forwardOverwriting(first, mask);
            assertThat(over.value().storage())
                    .as("written over the state given")
                    .isSameAs(first.value().storage());
            assertThat(over.value().toArray())
                    .containsExactly(kept.value().toArray())
                    .containsExactly(out);
        }
    }

    @Test
    void dropoutActsOnlyInTraining() {
        BertModel model = tiny(false);
        float[] eval = model.forward(IDS, MASK, null).value().toArray();
        model.train(true);
        float[] train1 = model.forward(IDS, MASK, null).value().toArray();
        float[] train2 = model.forward(IDS, MASK, null).value().toArray();
        assertThat(train1).isNotEqualTo(eval).isNotEqualTo(train2);
    }

    @Test
    void rejectsMalformedInputsNamingWhatIsWrong() {
        BertModel model = tiny(true);
        assertThatThrownBy(() -> model.forward(new int[][] {new int[11]}, null, null))
                .hasMessage("BertEmbeddings: sequence length 11 exceeds the 10 position embeddings");
        assertThatThrownBy(() -> model.forward(new int[][] {{1, 20}}, null, null))
                .isInstanceOf(IndexOutOfRangeException.class)
                .hasMessageContaining("input id at [0][1]: index 20");
        assertThatThrownBy(() -> model.forward(new int[][] {{1, 2}}, null, new int[][] {{0, 2}}))
                .hasMessageContaining("token type id at [0][1]: index 2");
        assertThatThrownBy(() -> model.forward(new int[][] {{1, 2}}, new int[][] {{1, 1, 1}}, null))
                .hasMessage("AttentionMask: attention mask is 1 x 3, the input ids are 1 x 2");
        assertThatThrownBy(() -> model.forward(new int[][] {{1, 2}}, null, new int[][] {{0}}))
                .hasMessage("BertEmbeddings: token type ids is 1 x 1, the input ids are 1 x 2");
        assertThatThrownBy(() -> tiny(false).pool(Variable.constant(Tensor.zeros(1, 2, 8))))
                .hasMessageContaining("without a pooler");
        assertThatThrownBy(() -> new BertConfig(10, 8, 1, 3, 8, 4, 2, 1e-12, "gelu"))
                .hasMessageContaining("not a multiple of the number of heads 3");
    }

    @Test
    void aLayersGradientsMatchFiniteDifferences() {
        BertConfig config = new BertConfig(6, 4, 1, 2, 8, 4, 2, 1e-5, "gelu");
        BertLayer layer = new BertLayer(config, 0f, new Rng(2));
        Tensor mask = AttentionMask.additive(new int[][] {{1, 1, 1}, {1, 1, 0}}, 2, 3, false);
        Tensor x = Tensor.randn(new Rng(3), 2, 3, 4);
        assertThat(ModuleGradCheck.check(layer, v -> layer.forward(v, mask), x).maxRelativeError())
                .isLessThan(5e-3);
    }

    @Test
    void theWholeModelsParameterGradientsMatchFiniteDifferences() {
        BertConfig config = new BertConfig(6, 4, 1, 2, 8, 4, 2, 1e-5, "gelu");
        BertModel model = new BertModel(config, true, 0f, new Rng(4));
        int[][] ids = {{1, 5, 0}, {2, 3, 4}};
        int[][] mask = {{1, 1, 0}, {1, 1, 1}};
        int[][] types = {{0, 1, 0}, {1, 1, 0}};
        assertThat(ModuleGradCheck.checkParameters(model, () -> model.pool(model.forward(ids, mask, types)))
                        .maxRelativeError())
                .isLessThan(5e-3);
    }

    @Test
    void aSavedModelLoadsIntoAFreshOneAndComputesTheSame(@TempDir Path dir) throws IOException {
        BertModel saved = tiny(true);
        Path file = dir.resolve("bert.safetensors");
        saved.save(file);
        BertModel loaded = new BertModel(TINY, true, new Rng(99));
        loaded.eval();
        assertThat(loaded.load(file, true).isClean()).isTrue();
        assertThat(loaded.forward(IDS, MASK, null).value().toArray())
                .containsExactly(saved.forward(IDS, MASK, null).value().toArray());

        LoadReport report = new BertModel(TINY, false, new Rng(5)).load(file, false);
        assertThat(report.unexpectedKeys()).containsExactlyInAnyOrder("pooler.dense.weight", "pooler.dense.bias");
        assertThat(report.missingKeys()).isEmpty();
    }
}
