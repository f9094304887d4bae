package dev.more.tensor.io;

import static dev.more.tensor.io.RawSafeTensors.file;
import static dev.more.tensor.io.RawSafeTensors.withPrefix;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One test per violation of the format. Every rejection must be a {@link SafeTensorsException} whose message names
 * the file, and must be cheap: little allocation and little time, whatever sizes the file claims.
 */
class SafeTensorsMalformedTest {
    /** Far below any claimed size in these tests (100 MB headers, multi-GB tensors), far above parsing needs. */
    private static final long ALLOCATION_LIMIT = 16L << 20;

    private static final Duration TIME_LIMIT = Duration.ofSeconds(5);
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @TempDir
    Path dir;

    @BeforeAll
    static void warmUp(@TempDir Path dir) throws IOException {
        assertThat(THREADS.isThreadAllocatedMemorySupported() && THREADS.isThreadAllocatedMemoryEnabled())
                .as("per-thread allocation measurement, which these tests rely on")
                .isTrue();
        // Load the parser's classes once, so that their one-off initialisation is not counted as allocation.
        SafeTensors.read(RawSafeTensors.write(dir, "warm.safetensors", file(tensors(f32("a", 1, 0, 4)), new byte[4])));
    }

    @Test
    void rejectsAnEmptyFile() throws IOException {
        assertRejected(new byte[0], "file is 0 bytes long, shorter than the 8-byte header length prefix");
    }

    @Test
    void rejectsAFileShorterThanTheLengthPrefix() throws IOException {
        assertRejected(new byte[7], "file is 7 bytes long");
    }

    @Test
    void rejectsAHeaderLongerThanTheLimit() throws IOException {
        assertRejected(
                withPrefix(100_000_001, "{}".getBytes(StandardCharsets.UTF_8)),
                "header too large",
                "100000001",
                "limit is 100000000");
    }

    @Test
    void rejectsALengthPrefixAboveTwoToThe63() throws IOException {
        assertRejected(withPrefix(-1, new byte[16]), "header too large", "18446744073709551615");
    }

    @Test
    void rejectsAHeaderLengthBeyondTheFile() throws IOException {
        assertRejected(
                withPrefix(99_999_999, "{}        ".getBytes(StandardCharsets.UTF_8)),
                "header length 99999999 exceeds the 10 bytes that follow");
    }

    @Test
    void rejectsAHeaderThatIsNotUtf8() throws IOException {
        assertRejected(withPrefix(3, new byte[] {'{', (byte) 0xFF, '}'}), "header is not valid UTF-8");
    }

    @Test
    void rejectsAnEncodedSurrogateInTheHeader() throws IOException {
        byte[] header = {'{', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', ':', '1', '}'};
        assertRejected(withPrefix(header.length, header), "header is not valid UTF-8");
    }

    @Test
    void rejectsAHeaderThatIsNotJson() throws IOException {
        assertRejected(file("{\"a\": ", new byte[0]), "header is not valid JSON");
    }

    @Test
    void rejectsTrailingJsonAfterTheHeaderObject() throws IOException {
        assertRejected(file("{} {}", new byte[0]), "header is not valid JSON");
    }

    @Test
    void rejectsAHeaderThatIsAnArray() throws IOException {
        assertRejected(file("[1, 2]", new byte[0]), "header is not a JSON object but a JSON array");
    }

    @Test
    void rejectsAnEmptyHeader() throws IOException {
        assertRejected(file("        ", new byte[0]), "header is not a JSON object but empty");
    }

    @Test
    void rejectsDuplicateTensorNames() throws IOException {
        String json = "{" + f32("a", 1, 0, 4) + "," + f32("a", 1, 4, 8) + "}";
        assertRejected(file(json, new byte[8]), "header is not valid JSON: Duplicate field 'a'");
    }

    @Test
    void rejectsDuplicateKeysInsideAnEntry() throws IOException {
        String json = "{\"a\":{\"dtype\":\"F32\",\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[0,4]}}";
        assertRejected(file(json, new byte[4]), "Duplicate field 'dtype'");
    }

    @Test
    void rejectsDuplicateMetadataKeys() throws IOException {
        assertRejected(file("{\"__metadata__\":{\"k\":\"1\",\"k\":\"2\"}}", new byte[0]), "Duplicate field 'k'");
    }

    @Test
    void rejectsMetadataThatIsNotAnObject() throws IOException {
        assertRejected(
                file("{\"__metadata__\":[\"k\"]}", new byte[0]),
                "__metadata__ must be a JSON object of strings, not a JSON array");
    }

    @Test
    void rejectsMetadataValuesThatAreNotStrings() throws IOException {
        assertRejected(
                file("{\"__metadata__\":{\"epoch\":3}}", new byte[0]),
                "__metadata__ value of key 'epoch' must be a string, not a JSON number");
    }

    @Test
    void rejectsAnEntryThatIsNotAnObject() throws IOException {
        assertRejected(file("{\"a\":[0,4]}", new byte[4]), "tensor 'a' must be a JSON object, not a JSON array");
    }

    @Test
    void rejectsAnEntryWithoutDtype() throws IOException {
        assertRejected(
                file("{\"a\":{\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4]), "tensor 'a' has no \"dtype\"");
    }

    @Test
    void rejectsAnEntryWithoutShape() throws IOException {
        assertRejected(
                file("{\"a\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", new byte[4]), "tensor 'a' has no \"shape\"");
    }

    @Test
    void rejectsAnEntryWithoutDataOffsets() throws IOException {
        assertRejected(
                file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1]}}", new byte[4]), "tensor 'a' has no \"data_offsets\"");
    }

    @Test
    void rejectsDataOffsetsThatAreNotAPair() throws IOException {
        assertRejected(
                file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4,8]}}", new byte[4]),
                "tensor 'a': \"data_offsets\" must be an array [begin, end], not [0,4,8]");
    }

    @Test
    void rejectsBeginAfterEnd() throws IOException {
        assertRejected(
                file(tensors(entry("a", "F32", "[0]", 8, 4)), new byte[8]),
                "tensor 'a': data_offsets begin 8 is after end 4");
    }

    @Test
    void rejectsNegativeOffsets() throws IOException {
        assertRejected(
                file(tensors(entry("a", "F32", "[1]", -4, 0)), new byte[4]),
                "tensor 'a': data_offsets begin is negative: -4");
    }

    @Test
    void rejectsOffsetsBeyondSigned64Bits() throws IOException {
        assertRejected(
                file(tensors(entry("a", "U8", "[0]", 0, "18446744073709551616")), new byte[0]),
                "data_offsets end is 18446744073709551616, larger than 9223372036854775807");
    }

    @Test
    void rejectsAnUnknownDtype() throws IOException {
        assertRejected(
                file(tensors(entry("a", "F128", "[1]", 0, 16)), new byte[16]),
                "tensor 'a' has unknown dtype \"F128\"",
                "BF16");
    }

    @Test
    void rejectsADtypeInTheWrongCase() throws IOException {
        assertRejected(file(tensors(entry("a", "f32", "[1]", 0, 4)), new byte[4]), "unknown dtype \"f32\"");
    }

    @Test
    void rejectsANegativeDimension() throws IOException {
        assertRejected(
                file(tensors(entry("a", "F32", "[2,-1]", 0, 0)), new byte[0]),
                "tensor 'a': dimension 1 of shape [2,-1] is negative: -1");
    }

    @Test
    void rejectsANonIntegerDimension() throws IOException {
        assertRejected(
                file(tensors(entry("a", "F32", "[2.5]", 0, 8)), new byte[8]),
                "dimension 0 of shape [2.5] must be an integer");
    }

    @Test
    void rejectsAnElementCountThatOverflows() throws IOException {
        assertRejected(
                file(tensors(entry("a", "U8", "[4294967296,4294967296]", 0, 0)), new byte[0]),
                "tensor 'a': the element count of shape [4294967296, 4294967296] overflows");
    }

    @Test
    void rejectsAByteSizeThatOverflows() throws IOException {
        assertRejected(
                file(tensors(entry("a", "F32", "[4611686018427387904]", 0, 0)), new byte[0]),
                "tensor 'a': the byte size of 4611686018427387904 elements of F32 overflows");
    }

    @Test
    void rejectsOffsetsThatDisagreeWithShapeAndDtype() throws IOException {
        assertRejected(
                file(tensors(entry("a", "F32", "[2]", 0, 4)), new byte[4]),
                "tensor 'a': data_offsets [0, 4] span 4 bytes but shape [2] of F32 needs 8 bytes");
    }

    @Test
    void rejectsDataThatDoesNotStartAtZero() throws IOException {
        assertRejected(
                file(tensors(f32("a", 1, 4, 8)), new byte[8]),
                "invalid offset: tensor 'a' begins at byte 4 but the data before it ends at byte 0",
                "leaves a gap");
    }

    @Test
    void rejectsAGapBetweenTensors() throws IOException {
        assertRejected(
                file(tensors(f32("a", 1, 0, 4), f32("b", 1, 8, 12)), new byte[12]),
                "invalid offset: tensor 'b' begins at byte 8 but the data before it ends at byte 4",
                "leaves a gap");
    }

    @Test
    void rejectsOverlappingTensors() throws IOException {
        assertRejected(
                file(tensors(f32("a", 2, 0, 8), f32("b", 1, 4, 8)), new byte[8]),
                "invalid offset: tensor 'b' begins at byte 4 but the data before it ends at byte 8",
                "overlaps the previous tensor");
    }

    @Test
    void rejectsBytesAfterTheLastTensor() throws IOException {
        assertRejected(
                file(tensors(f32("a", 1, 0, 4)), new byte[5]),
                "metadata incomplete buffer: the tensors cover 4 bytes but the data buffer after the header holds 5 bytes");
    }

    @Test
    void rejectsDataShorterThanTheOffsetsClaim() throws IOException {
        assertRejected(
                file(tensors(f32("a", 2, 0, 8)), new byte[4]),
                "metadata incomplete buffer: the tensors cover 8 bytes but the data buffer after the header holds 4 bytes");
    }

    @Test
    void rejectsAHugeClaimedShapeWithoutAllocating() throws IOException {
        // A consistent 4 TiB tensor in a tiny file: the offsets check must fail before anything is decoded.
        assertRejected(
                file(tensors(entry("a", "F32", "[1099511627776]", 0, 4398046511104L)), new byte[8]),
                "metadata incomplete buffer: the tensors cover 4398046511104 bytes");
    }

    @Test
    void refusesToLoadMoreElementsThanAFloatArrayHolds() throws IOException {
        // A valid 4 GiB F16 file, made sparse so that it takes no disk space. Opening it works; loading its
        // tensor must fail before allocating the 8 GiB float array.
        long count = SafeTensors.MAX_ELEMENTS + 1L;
        byte[] header = file(tensors(entry("big", "F16", "[" + count + "]", 0, 2 * count)), new byte[0]);
        Path path = RawSafeTensors.write(dir, "sparse.safetensors", header);
        try (RandomAccessFile raf = new RandomAccessFile(path.toFile(), "rw")) {
            raf.setLength(header.length + 2 * count);
        }
        try (SafeTensorsFile file = SafeTensors.open(path)) {
            assertThat(file.info("big").elementCount()).isEqualTo(count);
            assertRejectedCheaply(
                    () -> file.tensor("big"),
                    path,
                    "tensor 'big' has 2147483640 elements (shape [2147483640]), more than the 2147483639");
        }
    }

    @Test
    void refusesToLoadAnEmptyTensorWithADimensionBeyondInt() throws IOException {
        Path path = RawSafeTensors.write(
                dir, "wide.safetensors", file(tensors(entry("w", "F32", "[0,3000000000]", 0, 0)), new byte[0]));
        try (SafeTensorsFile file = SafeTensors.open(path)) {
            assertThatThrownBy(() -> file.tensor("w"))
                    .isInstanceOf(SafeTensorsException.class)
                    .hasMessageContaining("tensor 'w' has dimension 1 of 3000000000");
        }
    }

    /** Writes {@code bytes}, then checks that both {@code read} and {@code open} reject them cheaply. */
    private void assertRejected(byte[] bytes, String... fragments) throws IOException {
        Path path = RawSafeTensors.write(dir, "bad.safetensors", bytes);
        assertRejectedCheaply(() -> SafeTensors.read(path), path, fragments);
        assertRejectedCheaply(() -> SafeTensors.open(path).close(), path, fragments);
    }

    /**
     * Runs {@code call} on this thread, measuring the heap it allocates and the time it takes, and checks that it
     * threw a {@link SafeTensorsException} naming {@code path} and containing every fragment.
     */
    private static void assertRejectedCheaply(ThrowingCallable call, Path path, String... fragments) {
        long allocatedBefore = THREADS.getCurrentThreadAllocatedBytes();
        long start = System.nanoTime();
        Throwable thrown = catchThrowable(call);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - allocatedBefore;

        assertThat(thrown).isInstanceOf(SafeTensorsException.class).hasMessageStartingWith(path.toString());
        for (String fragment : fragments) {
            assertThat(thrown).hasMessageContaining(fragment);
        }
        assertThat(allocated).as("bytes allocated while rejecting").isLessThan(ALLOCATION_LIMIT);
        assertThat(took).as("time taken to reject").isLessThan(TIME_LIMIT);
    }

    private static String tensors(String... entries) {
        return "{" + String.join(",", entries) + "}";
    }

    private static String f32(String name, int count, long begin, long end) {
        return entry(name, "F32", "[" + count + "]", begin, end);
    }

    private static String entry(String name, String dtype, String shape, Object begin, Object end) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":[" + begin + ","
                + end + "]}";
    }
}
