package dev.more.train;

import dev.more.tensor.Tensor;
import dev.more.tensor.io.AtomicFiles;
import dev.more.tensor.io.SafeTensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The {@code checkpoints} folder of a run folder, holding the run's last {@link Checkpoint} as
 * {@code step-NNNNNN/}: {@code state.safetensors} (the trainable weights as {@code parameters.<name>},
 * the best epoch's as {@code best.<name>}, the optimizer's state as {@code optimizer.<index>.<slot>})
 * and {@code trainer.json} (the rest, and the run's settings).
 *
 * <p>A checkpoint is written whole into a hidden temporary folder, each file flushed to the disk, and
 * then renamed to its {@code step-NNNNNN} name in one atomic step: a kill at any instant leaves the old
 * checkpoint or the new one complete, never a part under a real name. Older checkpoints are removed
 * after the rename, each first renamed to a hidden name, so the folder with the highest step is always
 * complete and the newest.
 */
public final class CheckpointFolder {
    /** The folder's name in a run folder. */
    public static final String NAME = "checkpoints";
    /** The tensors' file name in a checkpoint. */
    public static final String STATE = "state.safetensors";

    private static final Pattern STEP = Pattern.compile("step-(\\d+)");
    private static final String PARAMETERS = "parameters.";
    private static final String BEST = "best.";
    private static final String OPTIMIZER = "optimizer.";

    private final Path dir;

    /**
     * A checkpoint read back.
     *
     * @param path its folder
     * @param checkpoint the trainer's state
     * @param settings the settings of the run that wrote it (options, data, threads), to compare with a resuming run's
     */
    public record Saved(Path path, Checkpoint checkpoint, Map<String, String> settings) {}

    /** The checkpoints of run folder {@code runDir}. */
    public CheckpointFolder(Path runDir) {
        this.dir = runDir.resolve(NAME);
    }

    /** The {@code checkpoints} folder. */
    public Path path() {
        return dir;
    }

    /**
     * Writes {@code checkpoint} with the run's {@code settings} as {@code step-NNNNNN} (N its step) and
     * removes every other checkpoint.
     *
     * @return the new checkpoint's folder
     * @throws IOException if writing fails; the previous checkpoint is then still there
     */
    public Path write(Checkpoint checkpoint, Map<String, String> settings) throws IOException {
        Files.createDirectories(dir);
        String name = String.format(Locale.ROOT, "step-%06d", checkpoint.step());
        Path target = dir.resolve(name);
        if (Files.exists(target)) {
            throw new RunFolderException(target + ": a checkpoint of this step exists already; is another run "
                    + "writing into " + dir.getParent() + "?");
        }
        Path temp = dir.resolve(hidden(name, "tmp"));
        try {
            Files.createDirectory(temp);
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            checkpoint.parameters().forEach((n, t) -> tensors.put(PARAMETERS + n, t));
            checkpoint.best().forEach((n, t) -> tensors.put(BEST + n, t));
            checkpoint.optimizer().tensors().forEach((n, t) -> tensors.put(OPTIMIZER + n, t));
            SafeTensors.write(temp.resolve(STATE), tensors, Map.of("format", "more-checkpoint"));
            AtomicFiles.write(temp.resolve(CheckpointJson.FILE_NAME), CheckpointJson.write(checkpoint, settings));
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            AtomicFiles.syncFolder(dir);
        } finally {
            deleteTree(temp);
        }
        removeAllBut(target);
        return target;
    }

    /** The newest complete checkpoint's folder, if there is one. */
    public Optional<Path> latest() throws IOException {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> STEP.matcher(p.getFileName().toString()).matches() && Files.isDirectory(p))
                    .max(Comparator.comparingLong(CheckpointFolder::stepOf));
        }
    }

    /**
     * Reads the newest checkpoint.
     *
     * @throws RunFolderException if there is none, or it is malformed
     */
    public Saved readLatest() throws IOException {
        Path latest = latest().orElseThrow(() -> new RunFolderException(dir.getParent() + ": no checkpoint to resume "
                + "from (" + NAME + "/step-N is missing); was the folder written by 'more finetune'?"));
        return read(latest);
    }

    /**
     * Reads the checkpoint in folder {@code checkpointDir}.
     *
     * @throws RunFolderException if a file is missing or malformed
     */
    public static Saved read(Path checkpointDir) throws IOException {
        Path stateFile = checkpointDir.resolve(STATE);
        Map<String, Tensor> tensors;
        try {
            tensors = SafeTensors.read(stateFile);
        } catch (NoSuchFileException e) {
            throw new RunFolderException(stateFile + ": no such file; the checkpoint is incomplete", e);
        }
        Map<String, Tensor> parameters = new LinkedHashMap<>();
        Map<String, Tensor> best = new LinkedHashMap<>();
        Map<String, Tensor> optimizer = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            String name = e.getKey();
            if (name.startsWith(PARAMETERS)) {
                parameters.put(name.substring(PARAMETERS.length()), e.getValue());
            } else if (name.startsWith(BEST)) {
                best.put(name.substring(BEST.length()), e.getValue());
            } else if (name.startsWith(OPTIMIZER)) {
                optimizer.put(name.substring(OPTIMIZER.length()), e.getValue());
            } else {
                throw new RunFolderException(stateFile + ": tensor '" + name + "' is none of " + PARAMETERS + "*, "
                        + BEST + "*, " + OPTIMIZER + "*");
            }
        }
        Path json = checkpointDir.resolve(CheckpointJson.FILE_NAME);
        CheckpointJson.Read read;
        try {
            read = CheckpointJson.read(json, parameters, optimizer, best);
        } catch (NoSuchFileException e) {
            throw new RunFolderException(json + ": no such file; the checkpoint is incomplete", e);
        }
        return new Saved(checkpointDir, read.checkpoint(), read.settings());
    }

    /** Removes every checkpoint, e.g. those of an earlier run when a new one starts in the same folder. */
    public void clear() throws IOException {
        removeAllBut(null);
        Files.deleteIfExists(dir);
    }

    /** Removes everything in the folder but {@code keep}: checkpoints renamed to hidden names first. */
    private void removeAllBut(Path keep) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> entries;
        try (Stream<Path> list = Files.list(dir)) {
            entries = new ArrayList<>(list.filter(p -> !p.equals(keep)).toList());
        }
        for (Path entry : entries) {
            Path doomed = entry;
            if (STEP.matcher(entry.getFileName().toString()).matches()) {
                doomed = dir.resolve(hidden(entry.getFileName().toString(), "old"));
                Files.move(entry, doomed, StandardCopyOption.ATOMIC_MOVE);
            }
            deleteTree(doomed);
        }
        AtomicFiles.syncFolder(dir);
    }

    private static String hidden(String name, String kind) {
        return "." + name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + "." + kind;
    }

    private static long stepOf(Path checkpoint) {
        Matcher m = STEP.matcher(checkpoint.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException(checkpoint + " is not a step-N folder");
        }
        try {
            return Long.parseLong(m.group(1));
        } catch (NumberFormatException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(root)) {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path p : paths) {
            Files.deleteIfExists(p);
        }
    }
}
