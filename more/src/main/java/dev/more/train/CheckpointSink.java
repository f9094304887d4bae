package dev.more.train;

import java.io.IOException;
import java.nio.file.Path;

/** Where a {@link Trainer} puts its checkpoints. */
@FunctionalInterface
public interface CheckpointSink {
    /**
     * Saves {@code checkpoint} as a whole: after a crash at any instant, the last checkpoint saved is
     * either this one, complete, or the previous one.
     *
     * @return where it was saved, for messages
     * @throws IOException if it cannot be saved, which ends training
     */
    Path save(Checkpoint checkpoint) throws IOException;
}
