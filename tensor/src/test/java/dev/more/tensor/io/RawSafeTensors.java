package dev.more.tensor.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds safetensors bytes by hand, including malformed ones, for tests. */
final class RawSafeTensors {
    private RawSafeTensors() {}

    /** A length prefix claiming {@code claimedLength} header bytes, then {@code rest} verbatim. */
    static byte[] withPrefix(long claimedLength, byte[] rest) {
        return ByteBuffer.allocate(Long.BYTES + rest.length)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putLong(claimedLength)
                .put(rest)
                .array();
    }

    /** A file whose header is {@code json} (UTF-8, unpadded) with its true length, followed by {@code data}. */
    static byte[] file(String json, byte[] data) {
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        byte[] rest = ByteBuffer.allocate(header.length + data.length)
                .put(header)
                .put(data)
                .array();
        return withPrefix(header.length, rest);
    }

    /** {@code values} as little-endian 16-bit words. */
    static byte[] shortsLe(int... values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Short.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int value : values) {
            buffer.putShort((short) value);
        }
        return buffer.array();
    }

    /** {@code values} as little-endian float32. */
    static byte[] floatsLe(float... values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            buffer.putFloat(value);
        }
        return buffer.array();
    }

    static Path write(Path dir, String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }
}
