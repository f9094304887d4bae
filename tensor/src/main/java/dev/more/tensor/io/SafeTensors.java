package dev.more.tensor.io;

import dev.more.tensor.Tensor;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes safetensors files.
 *
 * <p>Reading memory-maps the file and applies the checks of the reference (Hugging Face, Rust) reader: the
 * length prefix, a UTF-8 JSON object header without duplicate keys, known dtypes, non-negative shapes whose byte
 * size matches each tensor's offsets, and offsets that tile the data buffer exactly. Any violation is a
 * {@link SafeTensorsException}; sizes are checked before anything is allocated for them. F32, F16 and BF16 tensors
 * can be loaded (F16 and BF16 are converted exactly to float32); other dtypes are accepted in a file but fail
 * when such a tensor is requested. Writing produces F32 only.
 */
public final class SafeTensors {
    /** The largest header the reference reader accepts, in bytes. */
    public static final long MAX_HEADER_BYTES = 100_000_000;

    /** The most elements a loaded tensor may have: the largest float array the JVM reliably allocates. */
    public static final int MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private SafeTensors() {}

    /**
     * Reads every tensor of a file.
     *
     * @return the tensors by name, in the order their data lies in the file
     * @throws SafeTensorsException if the file is not valid safetensors or any tensor cannot be loaded as a float
     *     tensor (use {@link #open(Path)} to load only some tensors of a mixed-dtype file); no other exception comes
     *     from malformed content
     * @throws IOException if the file cannot be read
     */
    public static Map<String, Tensor> read(Path file) throws IOException {
        try (SafeTensorsFile open = open(file)) {
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (String name : open.names()) {
                tensors.put(name, open.tensor(name));
            }
            return tensors;
        }
    }

    /**
     * Reads every tensor of safetensors bytes held in memory (a resource, a download), with the same checks as
     * {@link #read(Path)}. The tensors are copies; {@code bytes} may change afterwards.
     *
     * @param source the name to use in messages, e.g. a resource path
     * @return the tensors by name, in the order their data lies in the bytes
     * @throws SafeTensorsException if the bytes are not valid safetensors or any tensor cannot be loaded as a float
     *     tensor; no other exception comes from malformed bytes, and no size they claim is allocated before it has
     *     been checked against {@code bytes.length}
     */
    public static Map<String, Tensor> read(byte[] bytes, String source) throws SafeTensorsException {
        MemorySegment data = MemorySegment.ofArray(bytes);
        Header header = HeaderReader.read(data, source);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (TensorInfo info : header.tensors()) {
            tensors.put(
                    info.name(), SafeTensorsFile.decode(data, header, info, source + ": tensor '" + info.name() + "'"));
        }
        return tensors;
    }

    /**
     * Maps a file and validates its header; tensors are decoded only when requested.
     *
     * @throws SafeTensorsException if the file is not valid safetensors
     * @throws IOException if the file cannot be read
     */
    public static SafeTensorsFile open(Path file) throws IOException {
        return SafeTensorsFile.open(file);
    }

    /**
     * Writes tensors as F32, without metadata. Same as {@code write(file, tensors, Map.of())}.
     *
     * @throws IOException if the file cannot be written
     */
    public static void write(Path file, Map<String, Tensor> tensors) throws IOException {
        write(file, tensors, Map.of());
    }

    /**
     * Writes tensors as F32, sorted by name (comparing UTF-8 bytes, which is the reference writer's order for a
     * single dtype), their data contiguous in that order. The file is written to a temporary sibling and then
     * atomically renamed over {@code file}, so that it is never seen half-written.
     *
     * @param metadata the {@code __metadata__} entries; written sorted by key, omitted when empty
     * @throws IllegalArgumentException if a tensor is named {@code __metadata__}
     * @throws SafeTensorsException if the header would exceed {@link #MAX_HEADER_BYTES}
     * @throws IOException if the file cannot be written
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        SafeTensorsWriter.write(file, tensors, metadata);
    }
}
