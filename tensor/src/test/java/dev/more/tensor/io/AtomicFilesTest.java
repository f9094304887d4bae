package dev.more.tensor.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Atomic writes: the whole new content or the old file, and never a temporary file left behind. */
class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void writesAndOverwritesLeavingOnlyTheTarget() throws IOException {
        Path file = dir.resolve("metrics.json");
        AtomicFiles.write(file, "{\"a\": 1}".getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(file, "{\"a\": 2}".getBytes(StandardCharsets.UTF_8));
        assertThat(Files.readString(file)).isEqualTo("{\"a\": 2}");
        assertThat(names()).containsExactly("metrics.json");
    }

    @Test
    void streamsContentThroughTheChannel() throws IOException {
        Path file = dir.resolve("data.bin");
        AtomicFiles.write(file, out -> {
            for (int i = 0; i < 3; i++) {
                out.write(ByteBuffer.wrap(new byte[] {(byte) i, (byte) (i + 10)}));
            }
        });
        assertThat(Files.readAllBytes(file)).containsExactly(0, 10, 1, 11, 2, 12);
    }

    @Test
    void aFailedWriteKeepsTheOldFileAndDeletesTheTemporaryOne() throws IOException {
        Path file = dir.resolve("adapter_config.json");
        AtomicFiles.write(file, "old".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> AtomicFiles.write(file, out -> {
                    out.write(ByteBuffer.wrap("half of the n".getBytes(StandardCharsets.UTF_8)));
                    throw new IOException("disk full");
                }))
                .hasMessage("disk full");
        assertThat(Files.readString(file)).isEqualTo("old");
        assertThat(names()).containsExactly("adapter_config.json");
    }

    @Test
    void syncsAFolderAndIgnoresOneThatCannotBeOpened() throws IOException {
        AtomicFiles.syncFolder(dir);
        AtomicFiles.syncFolder(dir.resolve("missing"));
        assertThat(names()).isEmpty();
    }

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}
