package dev.more.nn.loader;

import static org.assertj.core.api.Assertions.assertThat;

import dev.more.tensor.Tensor;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link MiniLm#load()} on the real ONNX file from the classpath, read once for the class. */
class MiniLmLoadTest {
    private static PretrainedWeights weights;

    @BeforeAll
    static void load() throws IOException {
        long start = System.nanoTime();
        weights = MiniLm.load();
        System.out.printf("MiniLM loaded from %s in %d ms%n", MiniLm.RESOURCE, (System.nanoTime() - start) / 1_000_000);
    }

    @Test
    void hasEveryParameterOfASixLayerBertWithTheRightShape() {
        Map<String, int[]> expected = BertParameters.expectedShapes(BertConfig.miniLm(), false);

        assertThat(weights.tensors().keySet()).containsExactlyElementsOf(expected.keySet());
        assertThat(weights.tensors()).hasSize(5 + 6 * 16);
        expected.forEach((name, shape) ->
                assertThat(weights.tensor(name).shape()).as(name).containsExactly(shape));
        assertThat(weights.tensor("encoder.layer.5.output.LayerNorm.bias").shape())
                .containsExactly(384);
        assertThat(weights.tensor("encoder.layer.5.intermediate.dense.weight").shape())
                .containsExactly(1536, 384);
    }

    @Test
    void hasNoPoolerAndReadsBertsEpsilonFromTheGraph() {
        assertThat(weights.hasPooler()).isFalse();
        assertThat(weights.config()).isEqualTo(BertConfig.miniLm());
        assertThat(weights.notes())
                .containsExactly(
                        "layer-norm epsilon 1.0E-12 read from 13 layer norms in the graph",
                        "36 Linear weights were taken from MatMul initializers and transposed from (in, out) to (out, in)",
                        "the graph has no pooler (pooler.dense)");
    }

    @Test
    void valuesAreFiniteAndDistinctPerLayer() {
        for (Map.Entry<String, Tensor> entry : weights.tensors().entrySet()) {
            float[] values = entry.getValue().toArray();
            int nonFinite = 0;
            double sumOfSquares = 0;
            for (float value : values) {
                nonFinite += Float.isFinite(value) ? 0 : 1;
                sumOfSquares += value * value;
            }
            assertThat(nonFinite).as("non-finite values in %s", entry.getKey()).isZero();
            assertThat(sumOfSquares).as(entry.getKey()).isPositive();
        }
        float[] query0 =
                weights.tensor("encoder.layer.0.attention.self.query.weight").toArray();
        assertThat(query0)
                .isNotEqualTo(weights.tensor("encoder.layer.0.attention.self.key.weight")
                        .toArray());
        assertThat(query0)
                .isNotEqualTo(weights.tensor("encoder.layer.1.attention.self.query.weight")
                        .toArray());
    }
}
