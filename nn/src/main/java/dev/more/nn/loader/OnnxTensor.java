package dev.more.nn.loader;

import dev.more.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * One ONNX {@code TensorProto} as stored: its dimensions, element type and element bytes, not yet decoded.
 *
 * <p>Decoding is left to {@link #toTensor(String)} so that a model may hold tensors of types this project does
 * not load (for example BERT's int64 {@code position_ids}) as long as nobody asks for them.
 *
 * @param name the tensor's name (an initializer's name is how nodes refer to it); empty if unnamed
 * @param dims the dimensions, row-major; empty for a scalar
 * @param dataType the ONNX {@code TensorProto.DataType} number ({@link #FLOAT} is 1)
 * @param data the elements as little-endian bytes: {@code raw_data}, or the packed {@code float_data}
 * @param external whether the elements live in a separate file ({@code data_location = EXTERNAL})
 */
public record OnnxTensor(String name, long[] dims, int dataType, ByteBuffer data, boolean external) {
    /** The {@code TensorProto.DataType} number of float32. */
    public static final int FLOAT = 1;

    /** {@code TensorProto.DataType} names by number, for messages. */
    private static final String[] TYPE_NAMES = {
        "UNDEFINED",
        "FLOAT",
        "UINT8",
        "INT8",
        "UINT16",
        "INT16",
        "INT32",
        "INT64",
        "STRING",
        "BOOL",
        "FLOAT16",
        "DOUBLE",
        "UINT32",
        "UINT64",
        "COMPLEX64",
        "COMPLEX128",
        "BFLOAT16"
    };

    /** Copies {@code dims} and takes a read-only view of {@code data}, so that the record stays immutable. */
    public OnnxTensor {
        Objects.requireNonNull(name, "name");
        dims = dims.clone();
        data = data.asReadOnlyBuffer();
    }

    /** The dimensions, as a new array. */
    @Override
    public long[] dims() {
        return dims.clone();
    }

    /** The element bytes, as a new little-endian read-only view from the first byte. */
    @Override
    public ByteBuffer data() {
        return data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The name of {@link #dataType()}, e.g. {@code INT64}, or {@code "data type N"} for numbers past BFLOAT16. */
    public String dataTypeName() {
        return dataType >= 0 && dataType < TYPE_NAMES.length ? TYPE_NAMES[dataType] : "data type " + dataType;
    }

    /**
     * Decodes the tensor as float32.
     *
     * @param source the file or resource the tensor came from, for messages
     * @throws OnnxFormatException if the tensor is not FLOAT, is stored externally, has a negative dimension or one
     *     too large for a float tensor, or if its byte count does not match its dimensions
     */
    public Tensor toTensor(String source) throws OnnxFormatException {
        if (external) {
            throw error(
                    source,
                    "its data is in an external file, which is not supported; save the model with the "
                            + "weights inside the .onnx file");
        }
        if (dataType != FLOAT) {
            throw error(source, "data type " + dataTypeName() + " (" + dataType + "), only FLOAT (1) is supported");
        }
        int[] shape = new int[dims.length];
        long count = 1;
        for (int d = 0; d < dims.length; d++) {
            if (dims[d] < 0 || dims[d] > Integer.MAX_VALUE) {
                throw error(source, "dimension " + d + " is " + dims[d] + " in " + Arrays.toString(dims));
            }
            shape[d] = (int) dims[d];
            count *= dims[d];
            if (count > Integer.MAX_VALUE - 8) {
                throw error(source, "shape " + Arrays.toString(dims) + " is too large for a float tensor");
            }
        }
        if (data.remaining() != count * Float.BYTES) {
            throw error(
                    source,
                    "shape " + Arrays.toString(dims) + " needs " + count * Float.BYTES + " bytes of float data, found "
                            + data.remaining());
        }
        float[] values = new float[(int) count];
        data().asFloatBuffer().get(values);
        return Tensor.fromArray(values, shape);
    }

    private OnnxFormatException error(String source, String detail) {
        return new OnnxFormatException(source + ": tensor '" + name + "': " + detail);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof OnnxTensor that
                && name.equals(that.name)
                && Arrays.equals(dims, that.dims)
                && dataType == that.dataType
                && data.equals(that.data)
                && external == that.external;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(dims), dataType, data, external);
    }

    @Override
    public String toString() {
        return "OnnxTensor[name=" + name + ", dims=" + Arrays.toString(dims) + ", dataType=" + dataTypeName()
                + ", bytes=" + data.remaining() + (external ? ", external" : "") + "]";
    }
}
