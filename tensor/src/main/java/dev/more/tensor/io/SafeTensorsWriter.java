package dev.more.tensor.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.more.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Writes F32 safetensors files laid out as the reference writer lays them out: compact JSON header with
 * {@code __metadata__} first, padded with spaces to a multiple of 8 bytes, then the tensors' data back to back in
 * header order.
 *
 * <p>The reference sorts tensors by descending dtype alignment, then by name; with F32 only that is by name.
 * Names are compared by their UTF-8 bytes, as Rust compares strings. Metadata keys are sorted too (the reference
 * writes them in hash order), so that equal input gives byte-identical files.
 */
final class SafeTensorsWriter {
    private static final JsonFactory JSON = new JsonFactory();
    private static final int CHUNK_FLOATS = 1 << 16;

    private SafeTensorsWriter() {}

    static void write(Path target, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        TreeMap<String, Tensor> sorted = new TreeMap<>(SafeTensorsWriter::compareUtf8);
        tensors.forEach((name, tensor) -> {
            Objects.requireNonNull(name, "tensor name");
            Objects.requireNonNull(tensor, () -> "tensor '" + name + "'");
            if (name.equals("__metadata__")) {
                throw new IllegalArgumentException("'__metadata__' is reserved and cannot name a tensor");
            }
            sorted.put(name, tensor);
        });
        byte[] header = header(sorted, new TreeMap<>(metadata), target);

        // Readers (and a crash) see only the old file or the complete new one.
        AtomicFiles.write(target, out -> {
            ByteBuffer prefix = ByteBuffer.allocate(Long.BYTES + header.length).order(ByteOrder.LITTLE_ENDIAN);
            writeFully(out, prefix.putLong(header.length).put(header).flip());
            ByteBuffer chunk = ByteBuffer.allocate(CHUNK_FLOATS * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (Map.Entry<String, Tensor> entry : sorted.entrySet()) {
                writeData(out, chunk, entry.getKey(), entry.getValue());
            }
        });
    }

    /** The header JSON, padded with spaces to a multiple of 8 bytes so that the data starts 8-byte aligned. */
    private static byte[] header(Map<String, Tensor> tensors, Map<String, String> metadata, Path target)
            throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator json = JSON.createGenerator(bytes)) {
            json.writeStartObject();
            if (!metadata.isEmpty()) {
                json.writeObjectFieldStart("__metadata__");
                for (Map.Entry<String, String> entry : metadata.entrySet()) {
                    json.writeStringField(entry.getKey(), Objects.requireNonNull(entry.getValue(), entry.getKey()));
                }
                json.writeEndObject();
            }
            long offset = 0;
            for (Map.Entry<String, Tensor> entry : tensors.entrySet()) {
                int[] shape = entry.getValue().shape();
                long end = offset + elementCount(entry.getKey(), shape) * Float.BYTES;
                json.writeObjectFieldStart(entry.getKey());
                json.writeStringField("dtype", DType.F32.name());
                json.writeArrayFieldStart("shape");
                for (int dim : shape) {
                    json.writeNumber(dim);
                }
                json.writeEndArray();
                json.writeArrayFieldStart("data_offsets");
                json.writeNumber(offset);
                json.writeNumber(end);
                json.writeEndArray();
                json.writeEndObject();
                offset = end;
            }
            json.writeEndObject();
        }
        int padding = (Long.BYTES - bytes.size() % Long.BYTES) % Long.BYTES;
        bytes.write(" ".repeat(padding).getBytes(StandardCharsets.US_ASCII));
        if (bytes.size() > SafeTensors.MAX_HEADER_BYTES) {
            throw SafeTensorsException.in(
                    target.toString(),
                    "header would be " + bytes.size() + " bytes, more than the " + SafeTensors.MAX_HEADER_BYTES
                            + " readers accept");
        }
        return bytes.toByteArray();
    }

    private static long elementCount(String name, int[] shape) {
        long count = 1;
        for (int dim : shape) {
            if (dim < 0) {
                throw new IllegalArgumentException(
                        "tensor '" + name + "' has negative shape " + Arrays.toString(shape));
            }
            try {
                count = Math.multiplyExact(count, dim);
            } catch (ArithmeticException e) {
                // Possible only with a zero dimension after huge ones; the reference reader rejects such a file.
                throw new IllegalArgumentException(
                        "tensor '" + name + "' has shape " + Arrays.toString(shape)
                                + " whose running element count overflows 64 bits",
                        e);
            }
        }
        return count;
    }

    private static void writeData(FileChannel out, ByteBuffer chunk, String name, Tensor tensor) throws IOException {
        float[] data = tensor.toArray();
        long expected = elementCount(name, tensor.shape());
        if (data.length != expected) {
            throw new IllegalArgumentException("tensor '" + name + "' has " + data.length + " elements but its shape "
                    + Arrays.toString(tensor.shape()) + " needs " + expected);
        }
        for (int from = 0; from < data.length; from += CHUNK_FLOATS) {
            int count = Math.min(CHUNK_FLOATS, data.length - from);
            chunk.clear();
            chunk.asFloatBuffer().put(data, from, count); // the view shares the chunk's little-endian order
            writeFully(out, chunk.limit(count * Float.BYTES));
        }
    }

    private static void writeFully(FileChannel out, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
    }

    private static int compareUtf8(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
