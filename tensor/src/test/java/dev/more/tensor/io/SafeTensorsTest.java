package dev.more.tensor.io;

import static dev.more.tensor.io.RawSafeTensors.file;
import static dev.more.tensor.io.RawSafeTensors.floatsLe;
import static dev.more.tensor.io.RawSafeTensors.shortsLe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.more.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Round trips, the writer's exact layout, lazy reading and the decoding of F16 and BF16. */
class SafeTensorsTest {
    @TempDir
    Path dir;

    @Test
    void roundTripsF32TensorsOfEveryRankWithMetadata() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("scalar", Tensor.fromArray(new float[] {42.5f}));
        tensors.put("empty", Tensor.fromArray(new float[0], 0));
        tensors.put("empty_2d", Tensor.fromArray(new float[0], 3, 0));
        tensors.put("vector", Tensor.fromArray(new float[] {1, 2, 3}, 3));
        tensors.put(
                "special",
                Tensor.fromArray(
                        new float[] {
                            Float.NaN,
                            Float.intBitsToFloat(0x7FC0_1234),
                            -0.0f,
                            Float.POSITIVE_INFINITY,
                            Float.NEGATIVE_INFINITY,
                            Float.MIN_VALUE,
                            Float.MAX_VALUE,
                            -1e-40f
                        },
                        2,
                        4));
        tensors.put("cube", Tensor.fromArray(randomFloats(2 * 3 * 4, 1), 2, 3, 4));
        Map<String, String> metadata = Map.of("format", "pt", "note", "ünïcödé \"quoted\"\n");
        Path path = dir.resolve("model.safetensors");

        SafeTensors.write(path, tensors, metadata);

        Map<String, Tensor> read = SafeTensors.read(path);
        assertThat(read.keySet()).containsExactlyInAnyOrderElementsOf(tensors.keySet());
        tensors.forEach((name, expected) -> assertSameTensor(read.get(name), expected));
        try (SafeTensorsFile file = SafeTensors.open(path)) {
            assertThat(file.metadata()).isEqualTo(metadata);
        }
    }

    @Test
    void roundTripsManyTensorsAndALargeOne() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (int i = 0; i < 300; i++) {
            tensors.put("layer." + i + ".weight", Tensor.fromArray(randomFloats(i % 7 * 5, i), i % 7, 5));
        }
        tensors.put("big", Tensor.fromArray(randomFloats(200_003, 99), 200_003)); // spans several write chunks
        Path path = dir.resolve("many.safetensors");

        SafeTensors.write(path, tensors);

        Map<String, Tensor> read = SafeTensors.read(path);
        assertThat(read).hasSize(tensors.size());
        tensors.forEach((name, expected) -> assertSameTensor(read.get(name), expected));
    }

    @Test
    void writesTheReferenceWritersBytes() throws IOException {
        // Expected bytes from the reference crate's own tests (safetensors/src/tensor.rs, test_serialization and
        // test_empty): compact JSON, 8-byte padding with spaces, little-endian data.
        Path path = dir.resolve("ref.safetensors");
        SafeTensors.write(path, Map.of("attn.0", Tensor.fromArray(new float[] {0, 1, 2, 3, 4, 5}, 1, 2, 3)));
        String json = "{\"attn.0\":{\"dtype\":\"F32\",\"shape\":[1,2,3],\"data_offsets\":[0,24]}}";
        assertThat(Files.readAllBytes(path))
                .isEqualTo(RawSafeTensors.file(json + " ".repeat(64 - json.length()), floatsLe(0, 1, 2, 3, 4, 5)));

        SafeTensors.write(path, Map.of());
        assertThat(Files.readAllBytes(path)).isEqualTo(file("{}      ", new byte[0]));

        SafeTensors.write(path, Map.of(), Map.of("framework", "pt"));
        assertThat(Files.readAllBytes(path))
                .isEqualTo(file("{\"__metadata__\":{\"framework\":\"pt\"}}     ", new byte[0]));
    }

    @Test
    void writesTensorsSortedByNameWithContiguousData() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("b", Tensor.fromArray(new float[] {2, 2}, 2));
        tensors.put(
                "\uFF41", Tensor.fromArray(new float[] {4}, 1)); // BMP char above the surrogates: UTF-8 sorts it first
        tensors.put("\uD83D\uDE00", Tensor.fromArray(new float[] {5}, 1));
        tensors.put("a", Tensor.fromArray(new float[] {1, 1, 1}, 3));
        Path path = dir.resolve("sorted.safetensors");

        SafeTensors.write(path, tensors);

        try (SafeTensorsFile file = SafeTensors.open(path)) {
            assertThat(file.names()).containsExactly("a", "b", "\uFF41", "\uD83D\uDE00");
            assertThat(file.info("a")).isEqualTo(new TensorInfo("a", DType.F32, new long[] {3}, 0, 12));
            assertThat(file.info("b")).isEqualTo(new TensorInfo("b", DType.F32, new long[] {2}, 12, 20));
            assertThat(file.info("\uFF41").begin()).isEqualTo(20);
            assertThat(file.info("\uD83D\uDE00").end()).isEqualTo(28);
        }
        assertThat(SafeTensors.read(path).keySet()).containsExactly("a", "b", "\uFF41", "\uD83D\uDE00");
        long headerLength = Files.size(path) - 8 - 28;
        assertThat(headerLength % 8).isZero();
    }

    @Test
    void overwritesAtomicallyAndLeavesNoTemporaryFile() throws IOException {
        Path path = dir.resolve("model.safetensors");
        SafeTensors.write(path, Map.of("x", Tensor.fromArray(new float[] {1}, 1)));
        SafeTensors.write(path, Map.of("y", Tensor.fromArray(new float[] {2, 3}, 2)));

        assertThat(SafeTensors.read(path).keySet()).containsExactly("y");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(path);
        }
    }

    @Test
    void aRejectedWriteKeepsTheOldFile() throws IOException {
        Path path = dir.resolve("model.safetensors");
        SafeTensors.write(path, Map.of("x", Tensor.fromArray(new float[] {1}, 1)));
        byte[] before = Files.readAllBytes(path);

        assertThatThrownBy(() -> SafeTensors.write(path, Map.of("__metadata__", Tensor.fromArray(new float[] {1}, 1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("__metadata__");

        assertThat(Files.readAllBytes(path)).isEqualTo(before);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(path);
        }
    }

    @Test
    void opensLazilyAndRejectsUseAfterClose() throws IOException {
        Path path = dir.resolve("lazy.safetensors");
        SafeTensors.write(path, Map.of("w", Tensor.fromArray(new float[] {1, 2, 3, 4}, 2, 2)), Map.of("k", "v"));

        SafeTensorsFile file = SafeTensors.open(path);
        assertThat(file.path()).isEqualTo(path);
        assertThat(file.names()).containsExactly("w");
        assertThat(file.metadata()).containsExactly(Map.entry("k", "v"));
        assertThat(file.info("w").shape()).containsExactly(2, 2);
        assertThat(file.info("w").elementCount()).isEqualTo(4);
        assertThat(file.info("w").byteSize()).isEqualTo(16);
        assertSameTensor(file.tensor("w"), Tensor.fromArray(new float[] {1, 2, 3, 4}, 2, 2));
        assertThatThrownBy(() -> file.tensor("nope"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no tensor named 'nope'");

        file.close();
        file.close();
        assertThatThrownBy(() -> file.tensor("w"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void decodesF16AndBF16Exactly() throws IOException {
        // F16: 1, -2, +inf, smallest subnormal 2^-24, largest finite 65504, NaN, -0.
        // BF16: 1, -3, -inf, 2^-133 (subnormal), NaN, -0.
        byte[] f16 = shortsLe(0x3C00, 0xC000, 0x7C00, 0x0001, 0x7BFF, 0x7E00, 0x8000);
        byte[] bf16 = shortsLe(0x3F80, 0xC040, 0xFF80, 0x0001, 0x7FC0, 0x8000);
        String json = "{\"h\":{\"dtype\":\"F16\",\"shape\":[7],\"data_offsets\":[0,14]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[2,3],\"data_offsets\":[14,26]}}";
        Path path = RawSafeTensors.write(dir, "half.safetensors", file(json, concat(f16, bf16)));

        Map<String, Tensor> read = SafeTensors.read(path);

        assertThat(read.keySet()).containsExactly("h", "b");
        assertSameTensor(
                read.get("h"),
                Tensor.fromArray(new float[] {1, -2, Float.POSITIVE_INFINITY, 0x1p-24f, 65504, Float.NaN, -0.0f}, 7));
        assertSameTensor(
                read.get("b"),
                Tensor.fromArray(
                        new float[] {1, -3, Float.NEGATIVE_INFINITY, Float.intBitsToFloat(0x0001_0000), Float.NaN, -0.0f
                        },
                        2,
                        3));
    }

    @Test
    void readsUnpaddedHeadersUnalignedDataAndTrailingSpaces() throws IOException {
        // A 61-byte header puts the F32 data at file offset 69, not a multiple of 4.
        String json = "{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
        String padded = json + " ".repeat(61 - json.length());
        Path path = RawSafeTensors.write(dir, "odd.safetensors", file(padded, floatsLe(1.5f, -2.25f)));

        assertSameTensor(SafeTensors.read(path).get("x"), Tensor.fromArray(new float[] {1.5f, -2.25f}, 2));
    }

    @Test
    void readsInDataOrderAndAcceptsZeroSizedTensorsAnywhere() throws IOException {
        String json = "{\"second\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]},"
                + "\"zero\":{\"dtype\":\"F32\",\"shape\":[0,5],\"data_offsets\":[4,4]},"
                + "\"first\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]},"
                + "\"__metadata__\":null}";
        Path path = RawSafeTensors.write(dir, "order.safetensors", file(json, floatsLe(1, 2)));

        Map<String, Tensor> read = SafeTensors.read(path);

        assertThat(read.keySet()).containsExactly("first", "zero", "second");
        assertSameTensor(read.get("first"), Tensor.fromArray(new float[] {1}));
        assertThat(read.get("zero").shape()).containsExactly(0, 5);
    }

    @Test
    void opensFilesWithOtherDtypesButRefusesToLoadThem() throws IOException {
        String json = "{\"ids\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[0,16]},"
                + "\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[16,20]},"
                + "\"mask\":{\"dtype\":\"BOOL\",\"shape\":[3],\"data_offsets\":[20,23]}}";
        Path path = RawSafeTensors.write(dir, "mixed.safetensors", file(json, new byte[23]));

        try (SafeTensorsFile file = SafeTensors.open(path)) {
            assertThat(file.names()).containsExactly("ids", "w", "mask");
            assertThat(file.info("ids").dtype()).isEqualTo(DType.I64);
            assertThat(file.info("mask").dtype().byteSize()).isEqualTo(1);
            assertThat(file.tensor("w").toArray()).containsExactly(0f);
            assertThatThrownBy(() -> file.tensor("ids"))
                    .isInstanceOf(SafeTensorsException.class)
                    .hasMessageContaining("tensor 'ids' has dtype I64")
                    .hasMessageContaining("only F32, F16 and BF16 can be loaded");
        }
        assertThatThrownBy(() -> SafeTensors.read(path))
                .isInstanceOf(SafeTensorsException.class)
                .hasMessageContaining("I64");
    }

    @Test
    void dtypesKnowTheirSizes() {
        assertThat(List.of(DType.values()))
                .extracting(DType::byteSize)
                .containsExactly(1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 8, 8, 8);
        assertThat(List.of(DType.values()))
                .filteredOn(DType::loadsAsFloat)
                .containsExactly(DType.F16, DType.BF16, DType.F32);
    }

    static void assertSameTensor(Tensor actual, Tensor expected) {
        assertThat(actual.shape()).containsExactly(expected.shape());
        float[] a = actual.toArray();
        float[] e = expected.toArray();
        assertThat(a).hasSameSizeAs(e);
        for (int i = 0; i < e.length; i++) {
            // Bit patterns, so that -0.0, NaN payloads and subnormals are compared exactly.
            assertThat(Float.floatToRawIntBits(a[i]))
                    .as("element %d: %s vs %s", i, a[i], e[i])
                    .isEqualTo(Float.floatToRawIntBits(e[i]));
        }
    }

    private static float[] randomFloats(int count, long seed) {
        Random random = new Random(seed);
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] result = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, result, a.length, b.length);
        return result;
    }
}
