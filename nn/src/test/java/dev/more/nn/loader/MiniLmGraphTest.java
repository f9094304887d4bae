package dev.more.nn.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.more.tensor.Rng;
import dev.more.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real MiniLM graph, read once for the class: what the mapping relies on, and that the transposed Linear
 * weights compute what the graph's MatMuls compute.
 */
class MiniLmGraphTest {
    private static OnnxGraph graph;
    private static PretrainedWeights weights;

    @BeforeAll
    static void read() throws IOException {
        long start = System.nanoTime();
        graph = MiniLm.readGraph();
        long read = System.nanoTime();
        weights = OnnxBert.fromGraph(graph, BertConfig.miniLm());
        System.out.printf(
                "MiniLM graph read in %d ms, mapped in %d ms%n",
                (read - start) / 1_000_000, (System.nanoTime() - read) / 1_000_000);
    }

    @Test
    void linearWeightsAreUnnamedInitializersOfNamedMatMulNodes() {
        List<OnnxNode> weightMatMuls = graph.nodes().stream()
                .filter(n -> n.opType().equals("MatMul")
                        && graph.initializers().containsKey(n.inputs().get(1)))
                .toList();

        assertThat(weightMatMuls).hasSize(6 * 6);
        assertThat(weightMatMuls).allSatisfy(n -> assertThat(n.inputs().get(1)).startsWith("onnx::MatMul_"));
        assertThat(weightMatMuls.getFirst().name()).isEqualTo("/encoder/layer.0/attention/self/query/MatMul");
        assertThat(graph.initializers().get("embeddings.word_embeddings.weight").dims())
                .containsExactly(30522, 384);
        assertThat(graph.initializers().get("embeddings.position_ids").dataTypeName())
                .isEqualTo("INT64");
    }

    @Test
    void queryWeightIsTheTransposeOfTheStoredInitializer() {
        OnnxTensor stored = matMulInitializer("/encoder/layer.0/attention/self/query/MatMul");
        ByteBuffer raw = stored.data();
        Tensor query = weights.tensor("encoder.layer.0.attention.self.query.weight");

        assertThat(stored.dims()).containsExactly(384, 384);
        for (int[] at : new int[][] {{0, 1}, {1, 0}, {5, 300}, {383, 17}, {200, 383}}) {
            int in = at[0];
            int out = at[1];
            assertThat(query.get(out, in)).as("W[%d, %d]", out, in).isEqualTo(raw.getFloat((in * 384 + out) * 4));
        }
    }

    @Test
    void linearWeightsComputeWhatTheGraphsMatMulComputes() {
        Rng rng = new Rng(7);
        for (String module : List.of(
                "encoder.layer.2.attention.self.value",
                "encoder.layer.3.intermediate.dense",
                "encoder.layer.4.output.dense")) {
            String node = "/" + module.replace('.', '/').replaceAll("layer/(\\d+)", "layer.$1") + "/MatMul";
            OnnxTensor stored = matMulInitializer(node);
            int in = (int) stored.dims()[0];
            int out = (int) stored.dims()[1];
            float[] x = Tensor.randn(rng, in).toArray();

            // The graph computes y = x · W with W stored (in, out), row-major; do that by hand from the raw bytes.
            ByteBuffer raw = stored.data();
            double[] expected = new double[out];
            for (int i = 0; i < in; i++) {
                for (int j = 0; j < out; j++) {
                    expected[j] += (double) x[i] * raw.getFloat((i * out + j) * 4);
                }
            }
            // A Linear layer computes y = x · Wᵀ with W (out, in).
            Tensor weight = weights.tensor(module + ".weight");
            assertThat(weight.shape()).containsExactly(out, in);
            float[] actual =
                    Tensor.fromArray(x, 1, in).matmul(weight.transpose(0, 1)).toArray();
            for (int j = 0; j < out; j++) {
                assertThat((double) actual[j]).as("%s output %d", module, j).isCloseTo(expected[j], within(1e-4));
            }
        }
    }

    private static OnnxTensor matMulInitializer(String nodeName) {
        OnnxNode node = graph.nodes().stream()
                .filter(n -> n.name().equals(nodeName))
                .findFirst()
                .orElseThrow();
        return graph.initializers().get(node.inputs().get(1));
    }
}
