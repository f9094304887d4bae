package dev.more.nn.loader;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The parts of an ONNX model's {@code GraphProto} this project reads: its nodes and its initializers (the stored
 * constant tensors, i.e. the weights).
 *
 * @param source the file or resource it was read from, used in every message about it
 * @param nodes the nodes, in file order (ONNX requires topological order)
 * @param initializers the initializers by name, in file order
 */
public record OnnxGraph(String source, List<OnnxNode> nodes, Map<String, OnnxTensor> initializers) {
    /** Copies the collections, so that the record stays immutable. */
    public OnnxGraph {
        Objects.requireNonNull(source, "source");
        nodes = List.copyOf(nodes);
        initializers = Collections.unmodifiableMap(new LinkedHashMap<>(initializers));
    }

    /** The node that produces the value {@code valueName}, if a node does (not for inputs and initializers). */
    public Optional<OnnxNode> producer(String valueName) {
        return nodes.stream().filter(n -> n.outputs().contains(valueName)).findFirst();
    }
}
