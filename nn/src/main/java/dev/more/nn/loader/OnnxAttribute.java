package dev.more.nn.loader;

import java.util.Objects;
import java.util.Optional;

/**
 * The parts of an ONNX {@code AttributeProto} this project reads: its name and a float or tensor value.
 *
 * <p>Attributes of other kinds (ints, strings, graphs) are kept with both values empty, so that a node's
 * attribute names are complete.
 *
 * @param name the attribute's name, e.g. {@code value} on a {@code Constant} node
 * @param floatValue the {@code f} field, if set
 * @param tensorValue the {@code t} field, if set
 */
public record OnnxAttribute(String name, Optional<Float> floatValue, Optional<OnnxTensor> tensorValue) {
    /** Checks that no component is null. */
    public OnnxAttribute {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(floatValue, "floatValue");
        Objects.requireNonNull(tensorValue, "tensorValue");
    }
}
