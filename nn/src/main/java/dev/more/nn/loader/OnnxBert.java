package dev.more.nn.loader;

import dev.more.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps a BERT encoder exported to ONNX by PyTorch back to Hugging Face parameter names and layouts.
 *
 * <ul>
 *   <li>Embeddings, biases and layer-norm parameters are initializers that keep their Hugging Face names.
 *   <li>Linear weights are unnamed initializers ({@code onnx::MatMul_787}) that a MatMul node takes as its
 *       second input. The node's name is the module path ({@code /encoder/layer.0/attention/self/query/MatMul}
 *       gives {@code encoder.layer.0.attention.self.query.weight}), and the initializer is stored (in, out),
 *       since the graph computes {@code x · W}; it is transposed to PyTorch's (out, in).
 *   <li>The layer-norm epsilon is read from the graph: the scalar constant added to the variance before the
 *       square root in each decomposed {@code LayerNorm} subgraph, or a {@code LayerNormalization} node's
 *       {@code epsilon}. If none is found, the configuration's epsilon is kept and a note says so.
 *   <li>The pooler is loaded when the graph has one (an initializer or node under {@code pooler}).
 * </ul>
 */
public final class OnnxBert {
    /** A PyTorch-exported MatMul node's name: the module path, then {@code MatMul} with an optional counter. */
    private static final Pattern MATMUL_NODE = Pattern.compile("/?(.+)/MatMul(_\\d+)?");
    /** ONNX's default for {@code LayerNormalization.epsilon}. */
    private static final float ONNX_LAYER_NORMALIZATION_EPS = 1e-5f;

    private OnnxBert() {}

    /**
     * Reads an ONNX file and maps it.
     *
     * @throws OnnxFormatException if the file is not well-formed ONNX or a needed tensor is not float32
     * @throws WeightsException if a parameter is missing or mis-shaped for {@code config}
     * @throws IOException if the file cannot be read
     */
    public static PretrainedWeights load(Path onnxFile, BertConfig config) throws IOException {
        return fromGraph(OnnxReader.read(onnxFile), config);
    }

    /**
     * Maps a graph's initializers to the parameters of {@code config}'s BERT encoder.
     *
     * @param config the expected sizes; its layer-norm epsilon is replaced by the graph's if the graph has one
     * @throws OnnxFormatException if a needed tensor is not float32 or is stored externally
     * @throws WeightsException if a parameter is missing or mis-shaped, if two MatMul weights map to one name, or if
     *     the graph's layer norms use different epsilons or one that is not positive and finite
     */
    public static PretrainedWeights fromGraph(OnnxGraph graph, BertConfig config) throws IOException {
        Map<String, OnnxTensor> matMulWeights = matMulWeights(graph);
        boolean pooler = graph.initializers().keySet().stream().anyMatch(n -> n.startsWith("pooler."))
                || matMulWeights.keySet().stream().anyMatch(n -> n.startsWith("pooler."));
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        int transposed = 0;
        for (String name : BertParameters.expectedShapes(config, pooler).keySet()) {
            OnnxTensor named = graph.initializers().get(name);
            OnnxTensor matMul = matMulWeights.get(name);
            Tensor tensor = null;
            if (named != null) {
                tensor = decode(named, name, graph.source());
            } else if (matMul != null) {
                Tensor stored = decode(matMul, name, graph.source());
                tensor = stored.rank() == 2 ? stored.transpose(0, 1).contiguous() : stored;
                transposed++;
            }
            if (tensor != null) {
                tensors.put(name, tensor);
                shapes.put(name, Arrays.stream(tensor.shape()).asLongStream().toArray());
            }
        }
        BertParameters.check(
                shapes,
                config,
                pooler,
                graph.source(),
                "Linear weights are the second input of the "
                        + "MatMul node named after the module (e.g. /encoder/layer.0/attention/self/query/MatMul), shown "
                        + "here transposed to (out, in)");
        List<String> notes = new ArrayList<>();
        BertConfig withEps = withGraphEpsilon(graph, config, notes);
        notes.add(transposed + " Linear weights were taken from MatMul initializers and transposed from "
                + "(in, out) to (out, in)");
        notes.add(pooler ? "the graph has a pooler (pooler.dense)" : "the graph has no pooler (pooler.dense)");
        return new PretrainedWeights(withEps, tensors, notes);
    }

    /** The initializers used as a MatMul's right operand, by the Hugging Face weight name their node's name gives. */
    private static Map<String, OnnxTensor> matMulWeights(OnnxGraph graph) throws WeightsException {
        Map<String, OnnxTensor> weights = new LinkedHashMap<>();
        for (OnnxNode node : graph.nodes()) {
            if (!node.opType().equals("MatMul") || node.inputs().size() != 2) {
                continue;
            }
            OnnxTensor weight = graph.initializers().get(node.inputs().get(1));
            Matcher name = MATMUL_NODE.matcher(node.name());
            if (weight == null || !name.matches()) {
                continue;
            }
            String parameter = name.group(1).replace('/', '.') + ".weight";
            OnnxTensor previous = weights.put(parameter, weight);
            if (previous != null && !previous.name().equals(weight.name())) {
                throw new WeightsException(graph.source() + ": MatMul initializers '" + previous.name() + "' and '"
                        + weight.name() + "' both map to " + parameter);
            }
        }
        return weights;
    }

    private static Tensor decode(OnnxTensor tensor, String parameter, String source) throws OnnxFormatException {
        try {
            return tensor.toTensor(source);
        } catch (OnnxFormatException e) {
            throw new OnnxFormatException(e.getMessage() + " (needed for " + parameter + ")", e);
        }
    }

    private static BertConfig withGraphEpsilon(OnnxGraph graph, BertConfig config, List<String> notes)
            throws WeightsException {
        List<Float> found = new ArrayList<>();
        for (OnnxNode node : graph.nodes()) {
            if (node.opType().equals("LayerNormalization")) {
                found.add(node.attribute("epsilon")
                        .flatMap(OnnxAttribute::floatValue)
                        .orElse(ONNX_LAYER_NORMALIZATION_EPS));
            } else if (node.opType().equals("Sqrt")
                    && node.name().contains("LayerNorm/")
                    && !node.inputs().isEmpty()) {
                varianceEpsilon(graph, node.inputs().getFirst()).ifPresent(found::add);
            }
        }
        TreeSet<Float> distinct = new TreeSet<>(found);
        if (distinct.isEmpty()) {
            notes.add("the graph holds no recoverable layer-norm epsilon; using " + config.layerNormEps());
            return config;
        }
        if (distinct.size() > 1) {
            throw new WeightsException(
                    graph.source() + ": layer norms use different epsilons " + distinct + "; one value is expected");
        }
        // The shortest decimal that reads back as the float: 1e-12f becomes 1e-12, not 9.999999960041972e-13.
        double eps = Double.parseDouble(Float.toString(distinct.first()));
        if (!(eps > 0) || Double.isInfinite(eps)) {
            throw new WeightsException(graph.source() + ": the layer norms' epsilon is " + eps
                    + "; it must be positive and finite, so the graph is not a trained BERT encoder");
        }
        notes.add("layer-norm epsilon " + eps + " read from " + found.size() + " layer norms in the graph");
        return config.withLayerNormEps(eps);
    }

    /** For {@code Sqrt(Add(variance, eps))}: the scalar constant added, if the Sqrt's input is such an Add. */
    private static Optional<Float> varianceEpsilon(OnnxGraph graph, String sqrtInput) {
        Optional<OnnxNode> add =
                graph.producer(sqrtInput).filter(n -> n.opType().equals("Add"));
        if (add.isEmpty()) {
            return Optional.empty();
        }
        for (String input : add.get().inputs()) {
            Optional<Float> scalar = floatScalar(graph, input);
            if (scalar.isPresent()) {
                return scalar;
            }
        }
        return Optional.empty();
    }

    /** The value of a one-element float initializer or {@code Constant} node output, if {@code value} is one. */
    private static Optional<Float> floatScalar(OnnxGraph graph, String value) {
        OnnxTensor initializer = graph.initializers().get(value);
        if (initializer != null) {
            return floatScalar(initializer);
        }
        Optional<OnnxNode> constant =
                graph.producer(value).filter(n -> n.opType().equals("Constant"));
        if (constant.isEmpty()) {
            return Optional.empty();
        }
        Optional<Float> valueFloat = constant.get().attribute("value_float").flatMap(OnnxAttribute::floatValue);
        if (valueFloat.isPresent()) {
            return valueFloat;
        }
        return constant.get()
                .attribute("value")
                .flatMap(OnnxAttribute::tensorValue)
                .flatMap(OnnxBert::floatScalar);
    }

    private static Optional<Float> floatScalar(OnnxTensor tensor) {
        boolean scalar = tensor.dataType() == OnnxTensor.FLOAT
                && !tensor.external()
                && tensor.data().remaining() == Float.BYTES;
        return scalar ? Optional.of(tensor.data().getFloat(0)) : Optional.empty();
    }
}
