package dev.more.nn.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.more.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mapping synthetic ONNX exports of a tiny BERT (see {@link TinyBertOnnx}) back to Hugging Face parameters. */
class OnnxBertTest {
    private static final String SOURCE = "tiny.onnx";
    private static final BertConfig CONFIG = TinyBertOnnx.CONFIG;

    private static PretrainedWeights load(byte[] onnx) throws IOException {
        return OnnxBert.fromGraph(OnnxReader.read(onnx, SOURCE), CONFIG);
    }

    private static void assertSameParameters(PretrainedWeights weights, Map<String, Tensor> expected) {
        assertThat(weights.tensors().keySet()).containsExactlyElementsOf(expected.keySet());
        expected.forEach((name, tensor) -> {
            assertThat(weights.tensor(name).shape()).as(name).containsExactly(tensor.shape());
            assertThat(weights.tensor(name).toArray()).as(name).containsExactly(tensor.toArray());
        });
    }

    @Test
    void mapsNamedInitializersAndTransposesMatMulWeights() throws IOException {
        TinyBertOnnx tiny = new TinyBertOnnx(false, 1);

        PretrainedWeights weights = load(tiny.onnx(1e-12f));

        assertSameParameters(weights, tiny.parameters);
        assertThat(weights.tensor("encoder.layer.1.intermediate.dense.weight").shape())
                .containsExactly(6, 4);
        assertThat(weights.hasPooler()).isFalse();
        assertThat(weights.config()).isEqualTo(CONFIG.withLayerNormEps(1e-12));
        assertThat(weights.notes())
                .contains(
                        "layer-norm epsilon 1.0E-12 read from 5 layer norms in the graph",
                        "12 Linear weights were taken from MatMul initializers and transposed from (in, out) to (out, in)",
                        "the graph has no pooler (pooler.dense)");
    }

    @Test
    void loadsThePoolerWhenTheGraphHasOne() throws IOException {
        TinyBertOnnx tiny = new TinyBertOnnx(true, 2);

        PretrainedWeights weights = load(tiny.onnx(1e-5f));

        assertSameParameters(weights, tiny.parameters);
        assertThat(weights.hasPooler()).isTrue();
        assertThat(weights.config().layerNormEps()).isEqualTo(1e-5);
        assertThat(weights.notes()).contains("the graph has a pooler (pooler.dense)");
    }

    @Test
    void loadsFromAFile(@TempDir Path dir) throws IOException {
        TinyBertOnnx tiny = new TinyBertOnnx(false, 3);
        Path file = Files.write(dir.resolve("tiny.onnx"), tiny.onnx(1e-12f));

        assertSameParameters(OnnxBert.load(file, CONFIG), tiny.parameters);
    }

    @Test
    void keepsTheConfiguredEpsilonWhenTheGraphHasNone() throws IOException {
        TinyBertOnnx tiny = new TinyBertOnnx(false, 4);

        PretrainedWeights weights = load(tiny.onnx(new float[0], Set.of(), Set.of()));

        assertThat(weights.config()).isEqualTo(CONFIG);
        assertThat(weights.notes()).contains("the graph holds no recoverable layer-norm epsilon; using 0.5");
    }

    @Test
    void readsTheEpsilonOfLayerNormalizationNodes() throws IOException {
        TinyBertOnnx tiny = new TinyBertOnnx(false, 5);
        byte[] fused = OnnxBytes.node(
                "/embeddings/LayerNorm/LayerNormalization",
                "LayerNormalization",
                List.of("x", "embeddings.LayerNorm.weight", "embeddings.LayerNorm.bias"),
                List.of("y"),
                OnnxBytes.floatAttribute("epsilon", 1e-7f));

        PretrainedWeights weights = load(tiny.onnx(new float[0], Set.of(), Set.of(), fused));

        assertThat(weights.config().layerNormEps()).isEqualTo(1e-7);
    }

    @Test
    void rejectsLayerNormsWithDifferentEpsilons() {
        TinyBertOnnx tiny = new TinyBertOnnx(false, 6);

        assertThatThrownBy(() -> load(tiny.onnx(new float[] {1e-12f, 1e-5f}, Set.of(), Set.of())))
                .isInstanceOf(WeightsException.class)
                .hasMessage(SOURCE + ": layer norms use different epsilons [1.0E-12, 1.0E-5]; one value is expected");
    }

    @Test
    void rejectsAnEpsilonThatIsNotPositiveAndFinite() {
        // Found by fuzzing (OnnxFuzzTestInputs/initializers/crash-negative-layer-norm-epsilon.onnx): the epsilon
        // went into BertConfig, whose IllegalArgumentException escaped.
        for (float eps : new float[] {-1.3230175e-31f, 0f, Float.NaN, Float.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> load(new TinyBertOnnx(false, 1).onnx(eps)))
                    .as("epsilon %s", eps)
                    .isInstanceOf(WeightsException.class)
                    .hasMessage(SOURCE + ": the layer norms' epsilon is " + Double.parseDouble(Float.toString(eps))
                            + "; it must be positive and finite, so the graph is not a trained BERT encoder");
        }
    }

    @Test
    void namesTheParameterWhoseMatMulIsMissing() {
        TinyBertOnnx tiny = new TinyBertOnnx(false, 7);
        byte[] onnx = tiny.onnx(new float[] {1e-12f}, Set.of("encoder.layer.1.output.dense.weight"), Set.of());

        assertThatThrownBy(() -> load(onnx))
                .isInstanceOf(WeightsException.class)
                .hasMessageStartingWith(SOURCE + ": weights do not match " + CONFIG
                        + "; missing 1: encoder.layer.1.output.dense.weight. Linear weights are the second input "
                        + "of the MatMul node named after the module");
    }

    @Test
    void rejectsAParameterOfAnotherDataType() {
        TinyBertOnnx tiny = new TinyBertOnnx(false, 8);
        byte[] onnx = tiny.onnx(new float[] {1e-12f}, Set.of(), Set.of("encoder.layer.0.attention.self.query.bias"));

        assertThatThrownBy(() -> load(onnx))
                .isInstanceOf(OnnxFormatException.class)
                .hasMessage(SOURCE + ": tensor 'encoder.layer.0.attention.self.query.bias': data type DOUBLE (11), "
                        + "only FLOAT (1) is supported (needed for encoder.layer.0.attention.self.query.bias)");
    }

    @Test
    void reportsShapesThatDoNotMatchTheConfiguration() {
        TinyBertOnnx tiny = new TinyBertOnnx(false, 9);
        BertConfig wider = new BertConfig(11, 4, 2, 2, 7, 5, 2, 0.5, "gelu");

        assertThatThrownBy(() -> OnnxBert.fromGraph(OnnxReader.read(tiny.onnx(1e-12f), SOURCE), wider))
                .isInstanceOf(WeightsException.class)
                .hasMessageContaining("; wrong shape 6: encoder.layer.0.intermediate.dense.weight [6, 4] instead of "
                        + "[7, 4], encoder.layer.0.intermediate.dense.bias [6] instead of [7], "
                        + "encoder.layer.0.output.dense.weight [4, 6] instead of [4, 7], ");
    }

    @Test
    void rejectsTwoMatMulWeightsForOneParameter() {
        TinyBertOnnx tiny = new TinyBertOnnx(false, 10);
        byte[] second = OnnxBytes.node(
                "/encoder/layer.0/attention/self/query/MatMul_1",
                "MatMul",
                List.of("x", "embeddings.word_embeddings.weight"),
                List.of("y"));

        assertThatThrownBy(() -> load(tiny.onnx(new float[] {1e-12f}, Set.of(), Set.of(), second)))
                .isInstanceOf(WeightsException.class)
                .hasMessage(SOURCE + ": MatMul initializers 'onnx::MatMul_100' and 'embeddings.word_embeddings.weight' "
                        + "both map to encoder.layer.0.attention.self.query.weight");
    }
}
