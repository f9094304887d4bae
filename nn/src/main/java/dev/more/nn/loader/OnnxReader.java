package dev.more.nn.loader;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads an ONNX model ({@code onnx.ModelProto}) with the protobuf wire reader, field by field, without generated
 * classes. Only what weight loading needs is kept: the graph's nodes (name, operator, inputs, outputs, float and
 * tensor attributes) and its initializers; every other field is skipped.
 *
 * <p>Field numbers, from {@code onnx.proto}: ModelProto.graph = 7; GraphProto.node = 1, initializer = 5;
 * NodeProto.input = 1, output = 2, name = 3, op_type = 4, attribute = 5; AttributeProto.name = 1, f = 2, t = 5;
 * TensorProto.dims = 1, data_type = 2, float_data = 4, name = 8, raw_data = 9, data_location = 14.
 *
 * <p>The whole model is held in memory (protobuf messages are limited to 2 GiB anyway); tensor data are views of
 * those bytes, decoded only on request.
 */
public final class OnnxReader {
    private static final int MODEL_GRAPH = 7;
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int NODE_INPUT = 1;
    private static final int NODE_OUTPUT = 2;
    private static final int NODE_NAME = 3;
    private static final int NODE_OP_TYPE = 4;
    private static final int NODE_ATTRIBUTE = 5;
    private static final int ATTRIBUTE_NAME = 1;
    private static final int ATTRIBUTE_F = 2;
    private static final int ATTRIBUTE_T = 5;
    private static final int TENSOR_DIMS = 1;
    private static final int TENSOR_DATA_TYPE = 2;
    private static final int TENSOR_FLOAT_DATA = 4;
    private static final int TENSOR_NAME = 8;
    private static final int TENSOR_RAW_DATA = 9;
    private static final int TENSOR_DATA_LOCATION = 14;
    /** {@code TensorProto.DataLocation.EXTERNAL}. */
    private static final int LOCATION_EXTERNAL = 1;

    private final String source;
    private final int length;
    private final CodedInputStream in;

    private OnnxReader(byte[] bytes, String source) {
        this.source = source;
        this.length = bytes.length;
        this.in = CodedInputStream.newInstance(bytes);
        // Byte fields (raw_data) become views of the array instead of copies.
        in.enableAliasing(true);
        in.setSizeLimit(Integer.MAX_VALUE);
    }

    /**
     * Reads an ONNX file.
     *
     * @throws OnnxFormatException if the file is not a well-formed ONNX model with a graph
     * @throws IOException if the file cannot be read
     */
    public static OnnxGraph read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > Integer.MAX_VALUE - 8) {
            throw new OnnxFormatException(file + ": " + size + " bytes, larger than a protobuf message can be "
                    + "(2 GiB); models this large keep their weights in external files, which are not supported");
        }
        return read(Files.readAllBytes(file), file.toString());
    }

    /**
     * Reads an ONNX model from a stream, to its end; the stream is not closed.
     *
     * @param source the name to use in messages, e.g. a resource path
     * @throws OnnxFormatException if the bytes are not a well-formed ONNX model with a graph
     * @throws IOException if the stream cannot be read
     */
    public static OnnxGraph read(InputStream stream, String source) throws IOException {
        return read(stream.readAllBytes(), source);
    }

    /**
     * Reads an ONNX model held in memory. The returned tensors view {@code bytes}, which must not change after.
     *
     * @param source the name to use in messages
     * @throws OnnxFormatException if the bytes are not a well-formed ONNX model with a graph; no other exception
     *     comes from malformed bytes, and no length they claim is allocated before it is checked against what
     *     remains
     */
    public static OnnxGraph read(byte[] bytes, String source) throws OnnxFormatException {
        try {
            return new OnnxReader(bytes, source).model();
        } catch (InvalidProtocolBufferException e) {
            throw new OnnxFormatException(source + ": not a valid ONNX (protobuf) file: " + e.getMessage(), e);
        } catch (OnnxFormatException e) {
            throw e;
        } catch (IOException e) {
            // A CodedInputStream over an array reports malformed input only as InvalidProtocolBufferException.
            throw new OnnxFormatException(source + ": not a valid ONNX (protobuf) file: " + e, e);
        }
    }

    private OnnxGraph model() throws IOException {
        OnnxGraph graph = null;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (WireFormat.getTagFieldNumber(tag) == MODEL_GRAPH) {
                expectLengthDelimited(tag, "ModelProto.graph");
                if (graph != null) {
                    throw error("ModelProto has more than one graph field");
                }
                int limit = enter("ModelProto.graph");
                graph = graph();
                in.popLimit(limit);
            } else {
                in.skipField(tag);
            }
        }
        if (graph == null) {
            throw error("no graph (ModelProto field 7): not an ONNX model");
        }
        return graph;
    }

    private OnnxGraph graph() throws IOException {
        List<OnnxNode> nodes = new ArrayList<>();
        Map<String, OnnxTensor> initializers = new LinkedHashMap<>();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case GRAPH_NODE -> {
                    expectLengthDelimited(tag, "GraphProto.node");
                    int limit = enter("GraphProto.node");
                    nodes.add(node());
                    in.popLimit(limit);
                }
                case GRAPH_INITIALIZER -> {
                    expectLengthDelimited(tag, "GraphProto.initializer");
                    int limit = enter("GraphProto.initializer");
                    OnnxTensor tensor = tensor();
                    in.popLimit(limit);
                    if (initializers.put(tensor.name(), tensor) != null) {
                        throw error("two initializers are named '" + tensor.name() + "'");
                    }
                }
                default -> in.skipField(tag);
            }
        }
        return new OnnxGraph(source, nodes, initializers);
    }

    private OnnxNode node() throws IOException {
        String name = "";
        String opType = "";
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        List<OnnxAttribute> attributes = new ArrayList<>();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case NODE_INPUT -> inputs.add(string(tag, "NodeProto.input"));
                case NODE_OUTPUT -> outputs.add(string(tag, "NodeProto.output"));
                case NODE_NAME -> name = string(tag, "NodeProto.name");
                case NODE_OP_TYPE -> opType = string(tag, "NodeProto.op_type");
                case NODE_ATTRIBUTE -> {
                    expectLengthDelimited(tag, "NodeProto.attribute");
                    int limit = enter("NodeProto.attribute");
                    attributes.add(attribute());
                    in.popLimit(limit);
                }
                default -> in.skipField(tag);
            }
        }
        return new OnnxNode(name, opType, inputs, outputs, attributes);
    }

    private OnnxAttribute attribute() throws IOException {
        String name = "";
        Optional<Float> f = Optional.empty();
        Optional<OnnxTensor> t = Optional.empty();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case ATTRIBUTE_NAME -> name = string(tag, "AttributeProto.name");
                case ATTRIBUTE_F -> {
                    expectWireType(tag, WireFormat.WIRETYPE_FIXED32, "AttributeProto.f");
                    f = Optional.of(in.readFloat());
                }
                case ATTRIBUTE_T -> {
                    expectLengthDelimited(tag, "AttributeProto.t");
                    int limit = enter("AttributeProto.t");
                    t = Optional.of(tensor());
                    in.popLimit(limit);
                }
                default -> in.skipField(tag);
            }
        }
        return new OnnxAttribute(name, f, t);
    }

    private OnnxTensor tensor() throws IOException {
        String name = "";
        List<Long> dims = new ArrayList<>();
        int dataType = 0;
        ByteBuffer raw = null;
        List<ByteBuffer> floatData = new ArrayList<>();
        boolean external = false;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case TENSOR_DIMS -> readInt64s(tag, dims);
                case TENSOR_DATA_TYPE -> {
                    expectWireType(tag, WireFormat.WIRETYPE_VARINT, "TensorProto.data_type");
                    dataType = in.readInt32();
                }
                case TENSOR_FLOAT_DATA -> floatData.add(floats(tag));
                case TENSOR_NAME -> name = string(tag, "TensorProto.name");
                case TENSOR_RAW_DATA -> {
                    expectLengthDelimited(tag, "TensorProto.raw_data");
                    raw = in.readByteBuffer();
                }
                case TENSOR_DATA_LOCATION -> {
                    expectWireType(tag, WireFormat.WIRETYPE_VARINT, "TensorProto.data_location");
                    external = in.readEnum() == LOCATION_EXTERNAL;
                }
                default -> in.skipField(tag);
            }
        }
        if (raw != null && !floatData.isEmpty()) {
            throw error("tensor '" + name + "' has both raw_data and float_data");
        }
        long[] dimArray = dims.stream().mapToLong(Long::longValue).toArray();
        return new OnnxTensor(name, dimArray, dataType, raw != null ? raw : concat(floatData), external);
    }

    /** Repeated int64, packed (one length-delimited run) or not (one varint per element); parsers accept both. */
    private void readInt64s(int tag, List<Long> into) throws IOException {
        if (WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
            int limit = enter("TensorProto.dims");
            while (in.getBytesUntilLimit() > 0) {
                into.add(in.readInt64());
            }
            in.popLimit(limit);
        } else {
            expectWireType(tag, WireFormat.WIRETYPE_VARINT, "TensorProto.dims");
            into.add(in.readInt64());
        }
    }

    /** Repeated float, packed or not; either way the elements are 4-byte little-endian values. */
    private ByteBuffer floats(int tag) throws IOException {
        if (WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
            ByteBuffer run = in.readByteBuffer();
            if (run.remaining() % Float.BYTES != 0) {
                throw error("TensorProto.float_data run of " + run.remaining() + " bytes, not a multiple of 4");
            }
            return run;
        }
        expectWireType(tag, WireFormat.WIRETYPE_FIXED32, "TensorProto.float_data");
        return ByteBuffer.allocate(Float.BYTES).order(ByteOrder.LITTLE_ENDIAN).putFloat(0, in.readFloat());
    }

    private static ByteBuffer concat(List<ByteBuffer> parts) {
        if (parts.size() == 1) {
            return parts.getFirst();
        }
        ByteBuffer all = ByteBuffer.allocate(
                parts.stream().mapToInt(ByteBuffer::remaining).sum());
        parts.forEach(part -> all.put(part.duplicate()));
        return all.flip();
    }

    /**
     * Reads the length prefix of the message field {@code field} and limits reading to that many bytes; returns the
     * limit to restore. A length past the end of the enclosing message is reported here, as truncation.
     */
    private int enter(String field) throws IOException {
        int size = in.readRawVarint32();
        int remaining = length - in.getTotalBytesRead();
        int untilLimit = in.getBytesUntilLimit();
        if (untilLimit >= 0) {
            remaining = Math.min(remaining, untilLimit);
        }
        if (size < 0 || size > remaining) {
            throw error(field + " claims " + Integer.toUnsignedString(size) + " bytes where " + remaining
                    + " remain: the file is truncated or not ONNX");
        }
        return in.pushLimit(size);
    }

    /**
     * A UTF-8 string field. Decoded here rather than with {@code readStringRequireUtf8}, whose UTF-8 validator uses
     * {@code sun.misc.Unsafe}, for which JDK 24 and later print a warning on first use.
     */
    private String string(int tag, String field) throws IOException {
        expectLengthDelimited(tag, field);
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(in.readByteBuffer())
                    .toString();
        } catch (CharacterCodingException e) {
            throw error(field + " is not valid UTF-8");
        }
    }

    private void expectLengthDelimited(int tag, String field) throws OnnxFormatException {
        expectWireType(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, field);
    }

    private void expectWireType(int tag, int wireType, String field) throws OnnxFormatException {
        if (WireFormat.getTagWireType(tag) != wireType) {
            throw error(field + " has wire type " + WireFormat.getTagWireType(tag) + ", expected " + wireType
                    + ": not an ONNX model");
        }
    }

    private OnnxFormatException error(String detail) {
        return new OnnxFormatException(source + ": " + detail);
    }
}
