package dev.more.tensor.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files so that a reader, or a crash at any instant, sees either the old file or the whole new
 * one, never a part: the content goes to a temporary file in the target's folder, is flushed to the disk
 * ({@link FileChannel#force}), and is renamed over the target in one atomic step, after which the folder
 * is flushed too so that the rename itself survives a power cut. On failure the temporary file is
 * deleted. Every file the project writes for a run goes through here.
 */
public final class AtomicFiles {
    /** What writes a file's content. */
    @FunctionalInterface
    public interface Content {
        /** Writes the whole content to {@code out}, which is positioned at the start of an empty file. */
        void writeTo(FileChannel out) throws IOException;
    }

    private AtomicFiles() {}

    /** Writes {@code bytes} to {@code target} atomically. */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
        });
    }

    /** Writes what {@code content} produces to {@code target} atomically. */
    public static void write(Path target, Content content) throws IOException {
        // Files.createTempFile is avoided because it makes the file owner-only on POSIX systems; CREATE_NEW
        // with a random name gives the usual permissions.
        Path absolute = target.toAbsolutePath();
        Path temp = absolute.resolveSibling("." + absolute.getFileName() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        try {
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                content.writeTo(out);
                out.force(true);
            }
            Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
        syncFolder(absolute.getParent());
    }

    /**
     * Flushes {@code folder}'s entries (the names created, renamed or deleted in it) to the disk. Some
     * systems (Windows) cannot open a folder for this; there it does nothing, as their file systems
     * journal renames themselves.
     */
    public static void syncFolder(Path folder) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(folder, StandardOpenOption.READ);
        } catch (IOException | UnsupportedOperationException e) {
            return;
        }
        try (channel) {
            channel.force(true);
        }
    }
}
