package dev.more.tensor.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * Parses one tensor entry of a header, {@code {"dtype": .., "shape": [..], "data_offsets": [begin, end]}},
 * checking it on its own; {@link HeaderReader} then checks how the entries fit together. Other keys in an entry
 * are ignored, as the reference reader does.
 */
final class TensorEntry {
    private TensorEntry() {}

    static TensorInfo parse(String name, JsonNode entry, String source) throws SafeTensorsException {
        String where = source + ": tensor '" + name + "'";
        if (!entry.isObject()) {
            throw new SafeTensorsException(where + " must be a JSON object, not " + HeaderReader.describe(entry));
        }
        DType dtype = dtype(required(entry, "dtype", where), where);
        long[] shape = shape(required(entry, "shape", where), where);
        JsonNode offsets = required(entry, "data_offsets", where);
        if (!offsets.isArray() || offsets.size() != 2) {
            throw new SafeTensorsException(where + ": \"data_offsets\" must be an array [begin, end], not " + offsets);
        }
        long begin = nonNegative(offsets.get(0), "data_offsets begin", where);
        long end = nonNegative(offsets.get(1), "data_offsets end", where);
        if (begin > end) {
            throw new SafeTensorsException(where + ": data_offsets begin " + begin + " is after end " + end);
        }
        long bytes = byteCount(shape, dtype, where);
        if (end - begin != bytes) {
            throw new SafeTensorsException(where + ": data_offsets [" + begin + ", " + end + "] span "
                    + (end - begin) + " bytes but shape " + Arrays.toString(shape) + " of " + dtype + " needs "
                    + bytes + " bytes");
        }
        return new TensorInfo(name, dtype, shape, begin, end);
    }

    private static JsonNode required(JsonNode entry, String key, String where) throws SafeTensorsException {
        JsonNode value = entry.get(key);
        if (value == null) {
            throw new SafeTensorsException(where + " has no \"" + key + "\"");
        }
        return value;
    }

    private static DType dtype(JsonNode node, String where) throws SafeTensorsException {
        if (!node.isTextual()) {
            throw new SafeTensorsException(where + ": \"dtype\" must be a string, not " + HeaderReader.describe(node));
        }
        for (DType dtype : DType.values()) {
            if (dtype.name().equals(node.textValue())) {
                return dtype;
            }
        }
        throw new SafeTensorsException(
                where + " has unknown dtype " + node + "; known dtypes are " + Arrays.toString(DType.values()));
    }

    private static long[] shape(JsonNode node, String where) throws SafeTensorsException {
        if (!node.isArray()) {
            throw new SafeTensorsException(where + ": \"shape\" must be an array, not " + HeaderReader.describe(node));
        }
        long[] shape = new long[node.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = nonNegative(node.get(i), "dimension " + i + " of shape " + node, where);
        }
        return shape;
    }

    /** Element count times element size, refusing any overflow of a signed 64-bit count (as {@code usize} would). */
    private static long byteCount(long[] shape, DType dtype, String where) throws SafeTensorsException {
        long count = 1;
        try {
            for (long dim : shape) {
                count = Math.multiplyExact(count, dim);
            }
        } catch (ArithmeticException e) {
            throw new SafeTensorsException(
                    where + ": the element count of shape " + Arrays.toString(shape) + " overflows a 64-bit count", e);
        }
        try {
            return Math.multiplyExact(count, (long) dtype.byteSize());
        } catch (ArithmeticException e) {
            throw new SafeTensorsException(
                    where + ": the byte size of " + count + " elements of " + dtype + " overflows a 64-bit count", e);
        }
    }

    private static long nonNegative(JsonNode node, String what, String where) throws SafeTensorsException {
        if (!node.isIntegralNumber()) {
            throw new SafeTensorsException(where + ": " + what + " must be an integer, not " + node);
        }
        BigInteger value = node.bigIntegerValue();
        if (value.signum() < 0) {
            throw new SafeTensorsException(where + ": " + what + " is negative: " + value);
        }
        if (value.bitLength() >= Long.SIZE) {
            throw new SafeTensorsException(where + ": " + what + " is " + value + ", larger than " + Long.MAX_VALUE);
        }
        return value.longValue();
    }
}
