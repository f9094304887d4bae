package dev.more.tensor.io;

import dev.more.tensor.Tensor;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An open, memory-mapped safetensors file whose header has been validated; tensors are decoded on request.
 *
 * <p>A tensor whose dtype is not F32, F16 or BF16, or that is too large for a float tensor, does not stop the file
 * from opening: only {@link #tensor(String)} on that tensor fails. This lets a caller load the float tensors of a
 * mixed file and inspect the others through {@link #info(String)}.
 *
 * <p>{@link #tensor(String)} may be called from several threads at once. Close the file only when no call is in
 * progress. The file must not be truncated while it is open (as with any mapped file, the JVM would then fail with
 * an {@link InternalError}).
 */
public final class SafeTensorsFile implements AutoCloseable {
    private final Path path;
    private final Arena arena;
    private final MemorySegment file;
    private final Header header;
    private final Map<String, TensorInfo> byName = new LinkedHashMap<>();

    private SafeTensorsFile(Path path, Arena arena, MemorySegment file, Header header) {
        this.path = path;
        this.arena = arena;
        this.file = file;
        this.header = header;
        header.tensors().forEach(info -> byName.put(info.name(), info));
    }

    static SafeTensorsFile open(Path path) throws IOException {
        // A shared arena, so that tensors can be decoded from any thread.
        Arena arena = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            MemorySegment file = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
            return new SafeTensorsFile(path, arena, file, HeaderReader.read(file, path.toString()));
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /** The file this was opened from. */
    public Path path() {
        return path;
    }

    /** The tensor names in the order their data lies in the file (which is the writer's order). */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /**
     * The header's description of one tensor.
     *
     * @throws IllegalArgumentException if the file has no tensor of that name
     */
    public TensorInfo info(String name) {
        TensorInfo info = byName.get(name);
        if (info == null) {
            throw new IllegalArgumentException(path + ": no tensor named '" + name + "'");
        }
        return info;
    }

    /** The {@code __metadata__} entries, unmodifiable, in header order; empty when the file has none. */
    public Map<String, String> metadata() {
        return header.metadata();
    }

    /**
     * Decodes one tensor from the mapped file into a new float32 tensor.
     *
     * @throws SafeTensorsException if its dtype is not F32, F16 or BF16, or it has more than
     *     {@link SafeTensors#MAX_ELEMENTS} elements (checked before allocating anything)
     * @throws IllegalArgumentException if the file has no tensor of that name
     * @throws IllegalStateException if this file has been closed
     */
    public Tensor tensor(String name) throws SafeTensorsException {
        TensorInfo info = info(name);
        if (!arena.scope().isAlive()) {
            throw new IllegalStateException(path + " is closed");
        }
        return decode(file, header, info, path + ": tensor '" + name + "'");
    }

    /**
     * Decodes one tensor of a validated file held in {@code file} into a new float32 tensor, checking its dtype
     * and element count before allocating anything; {@code where} names the tensor in messages.
     */
    static Tensor decode(MemorySegment file, Header header, TensorInfo info, String where) throws SafeTensorsException {
        if (!info.dtype().loadsAsFloat()) {
            throw new SafeTensorsException(
                    where + " has dtype " + info.dtype() + "; only F32, F16 and BF16 can be loaded as float tensors");
        }
        long count = info.elementCount();
        if (count > SafeTensors.MAX_ELEMENTS) {
            throw new SafeTensorsException(where + " has " + count + " elements (shape "
                    + Arrays.toString(info.shape()) + "), more than the " + SafeTensors.MAX_ELEMENTS
                    + " a float tensor can hold");
        }
        int[] shape = intShape(info, where);
        MemorySegment bytes = file.asSlice(header.dataStart() + info.begin(), info.byteSize());
        return Tensor.fromArray(FloatDecoder.decode(bytes, info.dtype(), (int) count), shape);
    }

    /** Dimensions as ints; only an empty tensor can have a larger one, since the element count was checked. */
    private static int[] intShape(TensorInfo info, String where) throws SafeTensorsException {
        long[] shape = info.shape();
        int[] result = new int[shape.length];
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] > Integer.MAX_VALUE) {
                throw new SafeTensorsException(where + " has dimension " + i + " of " + shape[i]
                        + ", more than a tensor dimension can be (" + Integer.MAX_VALUE + ")");
            }
            result[i] = (int) shape[i];
        }
        return result;
    }

    /** Unmaps the file. Tensors already decoded stay valid; closing twice does nothing. */
    @Override
    public void close() {
        if (arena.scope().isAlive()) {
            arena.close();
        }
    }
}
