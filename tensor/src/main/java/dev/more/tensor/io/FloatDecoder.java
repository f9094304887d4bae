package dev.more.tensor.io;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Decodes little-endian F32, F16 and BF16 bytes into floats. Both conversions to float32 are exact.
 *
 * <p>Unaligned layouts are used because the format does not require a writer to pad the header: the data buffer
 * and hence every tensor may start at any byte.
 */
final class FloatDecoder {
    private static final ValueLayout.OfFloat F32_LE =
            ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort U16_LE =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private FloatDecoder() {}

    /** The {@code count} elements of {@code dtype} in {@code bytes}, which holds exactly that many. */
    static float[] decode(MemorySegment bytes, DType dtype, int count) {
        float[] out = new float[count];
        switch (dtype) {
            case F32 -> MemorySegment.copy(bytes, F32_LE, 0, out, 0, count);
            case F16 -> {
                for (int i = 0; i < count; i++) {
                    out[i] = Float.float16ToFloat(bytes.getAtIndex(U16_LE, i));
                }
            }
            case BF16 -> {
                for (int i = 0; i < count; i++) {
                    // bfloat16 is the high half of a float32's bits.
                    out[i] = Float.intBitsToFloat((bytes.getAtIndex(U16_LE, i) & 0xFFFF) << 16);
                }
            }
            default -> throw new IllegalArgumentException(dtype + " is not a float type");
        }
        return out;
    }
}
