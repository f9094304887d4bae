package dev.more.nn.loader;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One ONNX {@code NodeProto}: an operator applied to named values.
 *
 * @param name the node's name, which PyTorch exports as the module path, e.g.
 *     {@code /encoder/layer.0/attention/self/query/MatMul}; empty if unnamed
 * @param opType the operator, e.g. {@code MatMul}
 * @param inputs the names of the values it reads (graph inputs, initializers or other nodes' outputs), in order
 * @param outputs the names of the values it produces, in order
 * @param attributes its attributes, in file order
 */
public record OnnxNode(
        String name, String opType, List<String> inputs, List<String> outputs, List<OnnxAttribute> attributes) {
    /** Copies the lists, so that the record stays immutable. */
    public OnnxNode {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(opType, "opType");
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        attributes = List.copyOf(attributes);
    }

    /** The first attribute called {@code attributeName}, if any. */
    public Optional<OnnxAttribute> attribute(String attributeName) {
        return attributes.stream().filter(a -> a.name().equals(attributeName)).findFirst();
    }
}
