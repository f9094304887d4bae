package dev.more.tensor.io;

/**
 * The element types a safetensors header may name, with their size in bytes.
 *
 * <p>All of them are recognised so that any file written by the reference implementation can be opened and its
 * offsets validated, but only {@link #F32}, {@link #F16} and {@link #BF16} can be loaded as float tensors (see
 * {@link #loadsAsFloat()}). Constants are declared in the reference crate's order, which is increasing alignment.
 */
public enum DType {
    /** Boolean, one byte. */
    BOOL(1),
    /** Unsigned 8-bit integer. */
    U8(1),
    /** Signed 8-bit integer. */
    I8(1),
    /** 8-bit float, 5 exponent and 2 mantissa bits. */
    F8_E5M2(1),
    /** 8-bit float, 4 exponent and 3 mantissa bits. */
    F8_E4M3(1),
    /** Signed 16-bit integer. */
    I16(2),
    /** Unsigned 16-bit integer. */
    U16(2),
    /** IEEE 754 half precision float. */
    F16(2),
    /** bfloat16: the top 16 bits of an IEEE 754 single precision float. */
    BF16(2),
    /** Signed 32-bit integer. */
    I32(4),
    /** Unsigned 32-bit integer. */
    U32(4),
    /** IEEE 754 single precision float. */
    F32(4),
    /** IEEE 754 double precision float. */
    F64(8),
    /** Signed 64-bit integer. */
    I64(8),
    /** Unsigned 64-bit integer. */
    U64(8);

    private final int byteSize;

    DType(int byteSize) {
        this.byteSize = byteSize;
    }

    /** The size of one element, in bytes. */
    public int byteSize() {
        return byteSize;
    }

    /** Whether tensors of this type can be loaded as float32 tensors (exactly: F32, F16 and BF16). */
    public boolean loadsAsFloat() {
        return this == F32 || this == F16 || this == BF16;
    }
}
