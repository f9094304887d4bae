package dev.more.nn.loader;

import static dev.more.nn.loader.OnnxBytes.floatTensor;
import static dev.more.nn.loader.OnnxBytes.node;

import dev.more.tensor.Rng;
import dev.more.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small random BERT encoder, and its ONNX form written the way PyTorch exports one: named initializers for
 * embeddings, biases and layer norms; unnamed (in, out) initializers consumed by MatMul nodes named after their
 * module for Linear weights; and per layer norm the decomposed {@code Sqrt(Add(variance, Constant eps))}.
 */
final class TinyBertOnnx {
    /** Sizes small enough to read at a glance; intermediate differs from hidden, so transposes show in shapes. */
    static final BertConfig CONFIG = new BertConfig(11, 4, 2, 2, 6, 5, 2, 0.5, "gelu");

    /** The parameters by Hugging Face name, Linear weights (out, in): what loading must give back. */
    final Map<String, Tensor> parameters = new LinkedHashMap<>();

    TinyBertOnnx(boolean pooler, long seed) {
        Rng rng = new Rng(seed);
        BertParameters.expectedShapes(CONFIG, pooler)
                .forEach((name, shape) -> parameters.put(name, Tensor.randn(rng, shape)));
    }

    /** The ONNX model with every layer norm's epsilon set to {@code eps}. */
    byte[] onnx(float eps) {
        return onnx(new float[] {eps}, Set.of(), Set.of());
    }

    /**
     * The ONNX model.
     *
     * @param epsilons the layer norms' epsilons, used in turn (cycling); empty for no epsilon subgraphs
     * @param withoutMatMul Linear weights whose MatMul node is left out (its initializer stays)
     * @param storedAsDouble parameters stored as DOUBLE instead of FLOAT
     * @param extraNodes nodes appended to the graph
     */
    byte[] onnx(float[] epsilons, Set<String> withoutMatMul, Set<String> storedAsDouble, byte[]... extraNodes) {
        List<byte[]> nodes = new ArrayList<>();
        List<byte[]> initializers = new ArrayList<>();
        initializers.add(OnnxBytes.tensor("embeddings.position_ids", OnnxBytes.INT64, new byte[8 * 5], 1, 5));
        int layerNorms = 0;
        int matMuls = 0;
        for (Map.Entry<String, Tensor> entry : parameters.entrySet()) {
            String name = entry.getKey();
            Tensor value = entry.getValue();
            String module = name.substring(0, name.lastIndexOf('.'));
            String path = "/" + module.replace('.', '/').replaceAll("layer/(\\d+)", "layer.$1");
            if (isLinearWeight(name, value)) {
                String initializer = "onnx::MatMul_" + (100 + matMuls++);
                Tensor stored = value.transpose(0, 1).contiguous();
                initializers.add(floatTensor(initializer, stored.toArray(), dims(stored)));
                if (!withoutMatMul.contains(name)) {
                    nodes.add(node(
                            path + "/MatMul",
                            "MatMul",
                            List.of(path + "/input", initializer),
                            List.of(path + "/MatMul_output_0")));
                }
                continue;
            }
            initializers.add(
                    storedAsDouble.contains(name)
                            ? OnnxBytes.doubleTensor(name, value.toArray(), dims(value))
                            : floatTensor(name, value.toArray(), dims(value)));
            if (name.endsWith("LayerNorm.weight") && epsilons.length > 0) {
                nodes.addAll(epsilonSubgraph(path, epsilons[layerNorms++ % epsilons.length]));
            }
        }
        // Attention scores: a MatMul of two computed values, which must not be taken for a weight.
        nodes.add(node(
                "/encoder/layer.0/attention/self/MatMul",
                "MatMul",
                List.of(
                        "/encoder/layer.0/attention/self/query/MatMul_output_0",
                        "/encoder/layer.0/attention/self/key/MatMul_output_0"),
                List.of("/encoder/layer.0/attention/self/MatMul_output_0")));
        nodes.addAll(Arrays.asList(extraNodes));
        return OnnxBytes.model(OnnxBytes.graph(nodes, initializers));
    }

    private static boolean isLinearWeight(String name, Tensor value) {
        return name.endsWith(".weight") && value.rank() == 2 && !name.startsWith("embeddings.");
    }

    /** {@code Sqrt(Add(ReduceMean output, Constant eps))} under the layer norm's path. */
    private static List<byte[]> epsilonSubgraph(String path, float eps) {
        String constant = path + "/Constant_1_output_0";
        String sum = path + "/Add_output_0";
        return List.of(
                node(
                        path + "/Constant_1",
                        "Constant",
                        List.of(),
                        List.of(constant),
                        OnnxBytes.tensorAttribute("value", floatTensor("", new float[] {eps}))),
                node(path + "/Add", "Add", List.of(path + "/ReduceMean_1_output_0", constant), List.of(sum)),
                node(path + "/Sqrt", "Sqrt", List.of(sum), List.of(path + "/Sqrt_output_0")));
    }

    private static long[] dims(Tensor tensor) {
        return Arrays.stream(tensor.shape()).asLongStream().toArray();
    }
}
