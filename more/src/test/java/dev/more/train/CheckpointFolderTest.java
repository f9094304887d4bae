package dev.more.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.more.nn.optim.OptimizerState;
import dev.more.tensor.Rng;
import dev.more.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checkpoints folder: exact round trips, one complete checkpoint at a time, precise errors. */
class CheckpointFolderTest {
    @TempDir
    Path dir;

    private static Checkpoint checkpoint(int steps) {
        List<StepRecord> records = new ArrayList<>();
        for (int s = 1; s <= steps; s++) {
            records.add(new StepRecord(
                    s, s <= 3 ? 1 : 2, s <= 3 ? s : s - 3, 0.1f * s + 1e-7f, 1e-3 / s, Float.NaN, 4L * s, s / 3.0));
        }
        Evaluation eval = new Evaluation(
                3, 2 / 3.0, 0.4, Double.POSITIVE_INFINITY, new int[][] {{1, 1}, {0, 1}}, new int[] {0, 1, 1});
        List<EpochRecord> epochs = steps > 3 ? List.of(new EpochRecord(1, 0.7, eval, 1.5, 0.25, 1e-3)) : List.of();
        Rng rng = new Rng(3);
        rng.nextGaussian(); // a spare Gaussian in the state
        Map<String, Tensor> weights =
                Map.of("classifier.weight", Tensor.fromArray(new float[] {1, -0f, 3e-39f, 4}, 2, 2));
        return new Checkpoint(
                steps > 3 ? 2 : 1,
                steps > 3 ? steps - 3 : steps,
                false,
                new Rng(9).state(),
                Map.of("dropout", rng.state()),
                weights,
                new OptimizerState(
                        steps,
                        Map.of(
                                "0.step",
                                Tensor.scalar(steps),
                                "0.exp_avg",
                                Tensor.ones(2, 2),
                                "0.exp_avg_sq",
                                Tensor.ones(2, 2))),
                steps > 3 ? weights : Map.of(),
                steps > 3 ? 1 : 0,
                0,
                records,
                epochs,
                0.1 + 0.2,
                0.5);
    }

    private List<String> names(Path folder) throws IOException {
        try (Stream<Path> list = Files.list(folder)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void roundTripsEveryValueExactlyNaNsInfinitiesAndSubnormalsIncluded() throws IOException {
        CheckpointFolder folder = new CheckpointFolder(dir);
        Checkpoint written = checkpoint(5);
        Path path = folder.write(written, Map.of("learning_rate", "0.01", "threads", "2"));
        assertThat(path).isEqualTo(dir.resolve("checkpoints/step-000005"));
        assertThat(names(path)).containsExactly(CheckpointFolder.STATE, CheckpointJson.FILE_NAME);

        CheckpointFolder.Saved read = folder.readLatest();
        assertThat(read.path()).isEqualTo(path);
        assertThat(read.settings()).isEqualTo(Map.of("learning_rate", "0.01", "threads", "2"));
        Checkpoint c = read.checkpoint();
        assertThat(c.steps()).isEqualTo(written.steps());
        assertThat(c.epochLossSum()).isEqualTo(0.1 + 0.2);
        assertThat(c.randomStates()).isEqualTo(written.randomStates());
        assertThat(c.batchOrder()).isEqualTo(written.batchOrder());
        assertThat(c.parameters().get("classifier.weight").toArray())
                .usingElementComparator(Float::compare)
                .containsExactly(1, -0f, 3e-39f, 4);
        assertThat(c.best().keySet()).containsExactly("classifier.weight");
        assertThat(c.optimizer().stepCount()).isEqualTo(5);
        assertThat(c.optimizer().tensors().keySet()).containsExactlyInAnyOrder("0.step", "0.exp_avg", "0.exp_avg_sq");
        EpochRecord epoch = c.epochs().getFirst();
        assertThat(epoch.eval().loss()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(epoch.eval().confusion()).isDeepEqualTo(new int[][] {{1, 1}, {0, 1}});
        assertThat(epoch.eval().predictions()).containsExactly(0, 1, 1);
        assertThat(List.of(c.epoch(), c.stepInEpoch(), c.bestEpoch(), c.sinceBest()))
                .containsExactly(2, 2, 1, 0);
    }

    @Test
    void keepsOnlyTheNewestCompleteCheckpointAndSweepsLeftovers() throws IOException {
        CheckpointFolder folder = new CheckpointFolder(dir);
        folder.write(checkpoint(2), Map.of());
        // What a kill while writing, or while removing an old checkpoint, leaves behind.
        Files.createDirectories(folder.path().resolve(".step-000003.1234.tmp"));
        Files.writeString(folder.path().resolve(".step-000003.1234.tmp/state.safetensors"), "half");
        Files.createDirectories(folder.path().resolve(".step-000001.99.old"));
        assertThat(folder.latest()).contains(folder.path().resolve("step-000002"));

        folder.write(checkpoint(4), Map.of());
        assertThat(names(folder.path())).containsExactly("step-000004");
        assertThatThrownBy(() -> folder.write(checkpoint(4), Map.of()))
                .isInstanceOf(RunFolderException.class)
                .hasMessageContaining("step-000004: a checkpoint of this step exists already");
        assertThat(names(folder.path())).containsExactly("step-000004");

        folder.clear();
        assertThat(folder.path()).doesNotExist();
        assertThat(folder.latest()).isEmpty();
    }

    @Test
    void aMissingOrMalformedFileIsReportedWithItsNameAndTheKey() throws IOException {
        CheckpointFolder folder = new CheckpointFolder(dir);
        Path path = folder.write(checkpoint(5), Map.of());
        Path json = path.resolve(CheckpointJson.FILE_NAME);
        String text = Files.readString(json);

        Files.writeString(json, text.replace("\"since_best\" : 0,", "\"since_best\" : \"0\","));
        assertThatThrownBy(() -> CheckpointFolder.read(path))
                .isInstanceOf(RunFolderException.class)
                .hasMessage(json + ": \"since_best\" must be an integer, got \"0\"");
        Files.writeString(json, text.replaceFirst("\"loss\" : [0-9.E-]+", "\"loss\" : \"lots\""));
        assertThatThrownBy(() -> CheckpointFolder.read(path))
                .isInstanceOf(RunFolderException.class)
                .hasMessage(json + ": \"steps[0].loss\" must be a number, got \"lots\"");
        Files.writeString(json, text.replace("\"gamma\"", "\"gama\""));
        assertThatThrownBy(() -> CheckpointFolder.read(path))
                .isInstanceOf(RunFolderException.class)
                .hasMessage(json + ": missing \"random_states.dropout.gamma\"");
        Files.writeString(json, text.replace("\"epoch\" : 2,", "\"epoch\" : 3,"));
        assertThatThrownBy(() -> CheckpointFolder.read(path))
                .isInstanceOf(RunFolderException.class)
                .hasMessage(json + ": checkpoint: 1 epochs recorded before epoch 3");
        Files.writeString(json, text.replace("\"format_version\" : 1", "\"format_version\" : 7"));
        assertThatThrownBy(() -> CheckpointFolder.read(path))
                .isInstanceOf(RunFolderException.class)
                .hasMessage(json + ": format_version 7 is not 1, the version this build reads");
        Files.writeString(json, "{");
        assertThatThrownBy(() -> CheckpointFolder.read(path))
                .isInstanceOf(RunFolderException.class)
                .hasMessageStartingWith(json + ": not valid JSON: ");
        Files.delete(json);
        assertThatThrownBy(() -> CheckpointFolder.read(path))
                .isInstanceOf(RunFolderException.class)
                .hasMessage(json + ": no such file; the checkpoint is incomplete");
        Files.delete(path.resolve(CheckpointFolder.STATE));
        assertThatThrownBy(() -> CheckpointFolder.read(path))
                .isInstanceOf(RunFolderException.class)
                .hasMessage(path.resolve(CheckpointFolder.STATE) + ": no such file; the checkpoint is incomplete");
    }
}
