package dev.more.tensor.io;

import java.util.Arrays;
import java.util.Objects;

/**
 * Where and what one tensor is in a safetensors file, as its header declares it.
 *
 * <p>Dimensions are {@code long} because the format allows any unsigned 64-bit size; whether a tensor fits in a
 * float tensor is only checked when it is loaded.
 *
 * @param name the tensor's key in the header
 * @param dtype the element type
 * @param shape the dimensions, row-major; empty for a scalar
 * @param begin the offset of the first byte, relative to the start of the data buffer after the header
 * @param end the offset one past the last byte, relative to the start of the data buffer
 */
public record TensorInfo(String name, DType dtype, long[] shape, long begin, long end) {

    /** Copies {@code shape}, so that the record stays immutable. */
    public TensorInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dtype, "dtype");
        shape = shape.clone();
    }

    /** The dimensions, as a new array. */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /**
     * The number of elements: the product of the dimensions (1 for a scalar).
     *
     * @throws ArithmeticException if the product overflows, which a header that passed validation never does
     */
    public long elementCount() {
        long count = 1;
        for (long dim : shape) {
            count = Math.multiplyExact(count, dim);
        }
        return count;
    }

    /** The number of bytes the tensor occupies, {@code end - begin}. */
    public long byteSize() {
        return end - begin;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TensorInfo that
                && name.equals(that.name)
                && dtype == that.dtype
                && Arrays.equals(shape, that.shape)
                && begin == that.begin
                && end == that.end;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, dtype, Arrays.hashCode(shape), begin, end);
    }

    @Override
    public String toString() {
        return "TensorInfo[name=" + name + ", dtype=" + dtype + ", shape=" + Arrays.toString(shape) + ", begin=" + begin
                + ", end=" + end + "]";
    }
}
