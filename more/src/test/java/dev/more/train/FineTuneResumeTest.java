package dev.more.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.more.adapters.MoReConfig;
import dev.more.nn.models.PoolingMode;
import dev.more.train.data.DataFiles;
import dev.more.train.data.Dataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Run folders: an interrupted run goes on from its checkpoint to the uninterrupted run's files, and only then. */
class FineTuneResumeTest {
    @TempDir
    static Path shared;

    static BaseModel base;
    static Dataset train;
    static Dataset eval;

    @TempDir
    Path dir;

    /** What an interruption looks like from inside: the run ends at once, its folder as it is. */
    static final class Crash extends RuntimeException {
        Crash() {
            super("interrupted");
        }
    }

    @BeforeAll
    static void setUp() throws IOException {
        base = BaseModel.load(TinyModel.write(shared.resolve("tiny"), 7).toString());
        train = FineTuneRunTest.head(DataFiles.readResource("/data/topic/train.csv"), 96);
        eval = FineTuneRunTest.head(DataFiles.readResource("/data/topic/eval.csv"), 40);
    }

    /** 12 steps per epoch, 3 epochs; dropout in the model and the adapters. */
    private static FineTuneRun.Spec spec(double learningRate) {
        return new FineTuneRun.Spec(
                base,
                MoReConfig.defaults().withDropout(0.1f),
                TrainingOptions.defaults(learningRate)
                        .withEpochs(3)
                        .withBatchSize(8)
                        .withMaxLength(32),
                PoolingMode.MEAN,
                0.1f);
    }

    private static TrainingListener crashAfter(int step) {
        return new TrainingListener() {
            @Override
            public void step(StepRecord record) {
                if (record.step() == step) {
                    throw new Crash();
                }
            }
        };
    }

    private static FineTuneRun.Outcome run(
            FineTuneRun.Spec spec, Dataset evalData, Path folder, TrainingListener listener, boolean resume)
            throws IOException {
        return FineTuneRun.run(spec, train, evalData, folder, listener, new FineTuneRun.Checkpointing(4, resume));
    }

    /** metrics.json without the times, which differ from run to run. */
    static JsonNode metricsWithoutTimes(Path folder) throws IOException {
        ObjectNode metrics = (ObjectNode) new ObjectMapper()
                .readTree(folder.resolve(MetricsFile.FILE_NAME).toFile());
        metrics.remove(List.of("train_seconds", "examples_per_second"));
        metrics.get("history").forEach(h -> ((ObjectNode) h).remove(List.of("train_seconds", "eval_seconds")));
        return metrics;
    }

    @Test
    void anInterruptedRunResumedFromItsFolderEndsWithTheUninterruptedRunsFiles() throws IOException {
        Path whole = dir.resolve("whole");
        run(spec(1e-2), eval, whole, TrainingListener.none(), false);
        Path broken = dir.resolve("broken");
        assertThatThrownBy(() -> run(spec(1e-2), eval, broken, crashAfter(11), false))
                .isInstanceOf(Crash.class);
        Path checkpoint = broken.resolve("checkpoints/step-000008");
        assertThat(new CheckpointFolder(broken).latest()).contains(checkpoint);
        assertThat(broken.resolve(MetricsFile.FILE_NAME)).doesNotExist();

        List<String> events = new ArrayList<>();
        run(
                spec(1e-2),
                eval,
                broken,
                new TrainingListener() {
                    @Override
                    public void resumed(int step, Path from) {
                        events.add("resumed " + step + " " + from);
                    }

                    @Override
                    public void step(StepRecord step) {
                        events.add("step " + step.step());
                    }
                },
                true);
        assertThat(events.getFirst()).isEqualTo("resumed 8 " + checkpoint);
        assertThat(events.get(1)).isEqualTo("step 9");
        for (String file : List.of("adapter.safetensors", "adapter_config.json", "classifier.json")) {
            assertThat(Files.readAllBytes(broken.resolve(file)))
                    .as(file)
                    .isEqualTo(Files.readAllBytes(whole.resolve(file)));
        }
        assertThat(metricsWithoutTimes(broken)).isEqualTo(metricsWithoutTimes(whole));
        assertThat(new CheckpointFolder(broken).latest()).contains(broken.resolve("checkpoints/step-000036"));
    }

    @Test
    void resumingWithOtherOptionsOrDataFailsNamingEachDifference() throws IOException {
        assertThatThrownBy(() -> run(spec(1e-2), eval, dir, crashAfter(5), false))
                .isInstanceOf(Crash.class);
        Path checkpoint = dir.resolve("checkpoints/step-000004");
        assertThatThrownBy(() -> run(spec(2e-2), eval, dir, TrainingListener.none(), true))
                .isInstanceOf(SpecMismatchException.class)
                .hasMessage("cannot resume from " + checkpoint + ": it was made with other settings (learning_rate "
                        + "0.01 -> 0.02); resume with the options, data and --threads of the first run");
        Dataset shorter = FineTuneRunTest.head(eval, 39);
        assertThatThrownBy(() -> run(spec(1e-2), shorter, dir, TrainingListener.none(), true))
                .isInstanceOf(SpecMismatchException.class)
                .hasMessageContaining("(eval_data " + RunSettings.describe(eval) + " -> 39 examples, sha256 ");
        assertThat(new CheckpointFolder(dir).latest()).contains(checkpoint);
    }

    @Test
    void resumingNeedsACheckpointAndAFreshRunDropsAnEarlierRunsCheckpoints() throws IOException {
        assertThatThrownBy(() -> run(spec(1e-2), eval, dir, TrainingListener.none(), true))
                .isInstanceOf(RunFolderException.class)
                .hasMessage(dir + ": no checkpoint to resume from (checkpoints/step-N is missing); was the folder "
                        + "written by 'more finetune'?");
        assertThatThrownBy(() -> run(spec(1e-2), eval, dir, crashAfter(5), false))
                .isInstanceOf(Crash.class);
        assertThat(new CheckpointFolder(dir).latest()).isPresent();
        assertThatThrownBy(() -> run(spec(1e-2), eval, dir, crashAfter(2), false))
                .isInstanceOf(Crash.class);
        assertThat(new CheckpointFolder(dir).latest())
                .as("the earlier run's step 4 is gone")
                .isEmpty();
    }

    @Test
    void resumingAFinishedRunTakesNoStepAndWritesTheSameFiles() throws IOException {
        FineTuneRun.Outcome first = run(spec(1e-2), eval, dir, TrainingListener.none(), false);
        JsonNode metrics = metricsWithoutTimes(dir);
        byte[] adapter = Files.readAllBytes(dir.resolve("adapter.safetensors"));
        FineTuneRun.Outcome again = run(spec(1e-2), eval, dir, crashAfter(1), true);
        assertThat(again.result().steps()).isEqualTo(first.result().steps());
        assertThat(again.result().bestEpoch()).isEqualTo(first.result().bestEpoch());
        assertThat(metricsWithoutTimes(dir)).isEqualTo(metrics);
        assertThat(Files.readAllBytes(dir.resolve("adapter.safetensors"))).isEqualTo(adapter);
    }
}
