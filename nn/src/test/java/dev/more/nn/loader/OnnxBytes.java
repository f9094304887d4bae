package dev.more.nn.loader;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Writes small ONNX protobuf messages field by field with {@link CodedOutputStream}, using the field numbers of
 * {@code onnx.proto}, so that tests can build well-formed and malformed models without generated classes.
 */
final class OnnxBytes {
    static final int DOUBLE = 11;
    static final int INT64 = 7;

    private OnnxBytes() {}

    /** A message written by {@code body}. */
    static byte[] message(Body body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        try {
            body.write(out);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A ModelProto: ir_version 8, producer "test", the graph. */
    static byte[] model(byte[] graph) {
        return message(out -> {
            out.writeInt64(1, 8);
            out.writeString(2, "test");
            out.writeByteArray(7, graph);
        });
    }

    /** A GraphProto with these nodes and initializers, and a name. */
    static byte[] graph(List<byte[]> nodes, List<byte[]> initializers) {
        return message(out -> {
            for (byte[] node : nodes) {
                out.writeByteArray(1, node);
            }
            out.writeString(2, "g");
            for (byte[] initializer : initializers) {
                out.writeByteArray(5, initializer);
            }
        });
    }

    /** A NodeProto. */
    static byte[] node(String name, String opType, List<String> inputs, List<String> outputs, byte[]... attributes) {
        return message(out -> {
            for (String input : inputs) {
                out.writeString(1, input);
            }
            for (String output : outputs) {
                out.writeString(2, output);
            }
            out.writeString(3, name);
            out.writeString(4, opType);
            for (byte[] attribute : attributes) {
                out.writeByteArray(5, attribute);
            }
        });
    }

    /** An AttributeProto of type FLOAT (1). */
    static byte[] floatAttribute(String name, float value) {
        return message(out -> {
            out.writeString(1, name);
            out.writeFloat(2, value);
            out.writeInt32(20, 1);
        });
    }

    /** An AttributeProto of type TENSOR (4). */
    static byte[] tensorAttribute(String name, byte[] tensor) {
        return message(out -> {
            out.writeString(1, name);
            out.writeByteArray(5, tensor);
            out.writeInt32(20, 4);
        });
    }

    /** A FLOAT TensorProto with packed dims and the values in raw_data, as PyTorch writes initializers. */
    static byte[] floatTensor(String name, float[] values, long... dims) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        return tensor(name, OnnxTensor.FLOAT, raw.array(), dims);
    }

    /** A DOUBLE TensorProto with the values in raw_data. */
    static byte[] doubleTensor(String name, float[] values, long... dims) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            raw.putDouble(value);
        }
        return tensor(name, DOUBLE, raw.array(), dims);
    }

    /** A TensorProto with packed dims, the data type and raw_data. */
    static byte[] tensor(String name, int dataType, byte[] raw, long... dims) {
        return message(out -> {
            packedDims(out, dims);
            out.writeInt32(2, dataType);
            out.writeString(8, name);
            out.writeByteArray(9, raw);
        });
    }

    /** Writes dims (field 1) as one packed run. */
    static void packedDims(CodedOutputStream out, long... dims) throws IOException {
        int size = 0;
        for (long dim : dims) {
            size += CodedOutputStream.computeInt64SizeNoTag(dim);
        }
        out.writeTag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        out.writeUInt32NoTag(size);
        for (long dim : dims) {
            out.writeInt64NoTag(dim);
        }
    }

    /** Writes into a message. */
    @FunctionalInterface
    interface Body {
        void write(CodedOutputStream out) throws IOException;
    }
}
