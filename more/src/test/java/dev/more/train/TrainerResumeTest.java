package dev.more.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.more.adapters.AdapterConfig;
import dev.more.adapters.Adapters;
import dev.more.adapters.LoraConfig;
import dev.more.adapters.MoReConfig;
import dev.more.nn.models.BertForSequenceClassification;
import dev.more.nn.models.PoolingMode;
import dev.more.tensor.Rng;
import dev.more.train.data.DataFiles;
import dev.more.train.data.Dataset;
import dev.more.train.data.EncodedExample;
import dev.more.train.data.Encoder;
import dev.more.train.data.LabelSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trainer goes on from any checkpoint, read back from its files, to the very bits of the
 * uninterrupted run; and it stops on a non-finite loss or gradient naming the step, the parameter and
 * the last good checkpoint.
 */
class TrainerResumeTest {
    @TempDir
    static Path shared;

    static BaseModel base;
    static LabelSet labels;
    static List<EncodedExample> train;
    static List<EncodedExample> eval;

    @TempDir
    Path dir;

    // Dropout in the model and in the adapters, so that resuming must restore every generator.
    private static final MoReConfig ADAPTER = MoReConfig.defaults().withDropout(0.1f);
    // 96 examples in batches of 8: 12 steps per epoch, so a checkpoint every 5 steps falls mid-epoch and at
    // epoch ends; patience 1 with 4 epochs may stop early, which a checkpoint must also carry.
    private static final TrainingOptions OPTIONS = TrainingOptions.defaults(1e-2)
            .withEpochs(4)
            .withBatchSize(8)
            .withMaxLength(32)
            .withPatience(1);

    @BeforeAll
    static void setUp() throws IOException {
        base = BaseModel.load(TinyModel.write(shared.resolve("tiny"), 7).toString());
        Dataset trainData = FineTuneRunTest.head(DataFiles.readResource("/data/topic/train.csv"), 96);
        Dataset evalData = FineTuneRunTest.head(DataFiles.readResource("/data/topic/eval.csv"), 40);
        labels = LabelSet.of(trainData);
        train = Encoder.encode(trainData, base.tokenizer(), 32, labels);
        eval = Encoder.encode(evalData, base.tokenizer(), 32, labels);
    }

    /** The model FineTuneRun builds: head and adapters drawn from one seeded generator. */
    private static BertForSequenceClassification model(AdapterConfig adapter) {
        Rng rng = new Rng(OPTIONS.seed());
        BertForSequenceClassification model = base.classifier(labels.size(), PoolingMode.MEAN, 0.1f, rng.split());
        Adapters.inject(model, adapter, rng.split());
        return model;
    }

    private static Map<String, int[]> trainableBits(BertForSequenceClassification model) {
        Map<String, int[]> bits = new LinkedHashMap<>();
        model.namedParameters().forEach((name, p) -> {
            if (p.trainable()) {
                float[] values = p.value().toArray();
                int[] raw = new int[values.length];
                for (int i = 0; i < values.length; i++) {
                    raw[i] = Float.floatToRawIntBits(values[i]);
                }
                bits.put(name, raw);
            }
        });
        return bits;
    }

    private static List<Integer> lossBits(TrainingResult result) {
        return result.steps().stream()
                .map(s -> Float.floatToRawIntBits(s.loss()))
                .toList();
    }

    @Test
    void resumingFromEveryCheckpointReadBackFromDiskEndsBitIdenticalToTheUninterruptedRun() throws IOException {
        List<Path> saved = new ArrayList<>();
        BertForSequenceClassification model = model(ADAPTER);
        TrainingResult full = new Trainer(model, OPTIONS, base.padId(), TrainingListener.none(), 5, checkpoint -> {
                    Path path = new CheckpointFolder(dir.resolve("after-" + checkpoint.step()))
                            .write(checkpoint, Map.of("seed", "42"));
                    saved.add(path);
                    return path;
                })
                .fit(train, eval);
        Map<String, int[]> expected = trainableBits(model);

        List<Checkpoint> checkpoints = new ArrayList<>();
        for (Path path : saved) {
            CheckpointFolder.Saved read = CheckpointFolder.read(path);
            assertThat(read.settings()).containsExactly(Map.entry("seed", "42"));
            checkpoints.add(read.checkpoint());
        }
        assertThat(checkpoints)
                .as("mid-epoch checkpoints and epoch-end ones")
                .anyMatch(c -> c.stepInEpoch() > 0)
                .anyMatch(c -> c.stepInEpoch() == 0 && c.step() > 0);
        Checkpoint last = checkpoints.getLast();
        assertThat(last.stoppedEarly() || last.epoch() > OPTIONS.epochs())
                .as("the last one is after training")
                .isTrue();
        assertThat(last.step()).isEqualTo(full.steps().size());

        for (int i = 0; i < checkpoints.size(); i++) {
            BertForSequenceClassification resumedModel = model(ADAPTER);
            List<Integer> resumedAt = new ArrayList<>();
            TrainingListener listener = new TrainingListener() {
                @Override
                public void resumed(int step, Path checkpoint) {
                    resumedAt.add(step);
                }
            };
            TrainingResult resumed = new Trainer(resumedModel, OPTIONS, base.padId(), listener, 5, null)
                    .fit(train, eval, checkpoints.get(i), saved.get(i));
            String from = "resumed from " + saved.get(i).getFileName();
            assertThat(resumedAt).containsExactly(checkpoints.get(i).step());
            Map<String, int[]> actual = trainableBits(resumedModel);
            assertThat(actual).as(from).containsOnlyKeys(expected.keySet());
            assertThat(expected.keySet().stream().filter(name -> !Arrays.equals(actual.get(name), expected.get(name))))
                    .as(from + ": parameters whose bits differ")
                    .isEmpty();
            assertThat(lossBits(resumed)).as(from).isEqualTo(lossBits(full));
            assertThat(resumed.bestEpoch()).isEqualTo(full.bestEpoch());
            assertThat(resumed.stoppedEarly()).isEqualTo(full.stoppedEarly());
            assertThat(resumed.epochs()).hasSameSizeAs(full.epochs());
            for (int e = 0; e < full.epochs().size(); e++) {
                assertThat(resumed.epochs().get(e).trainLoss())
                        .isEqualTo(full.epochs().get(e).trainLoss());
                assertThat(resumed.epochs().get(e).eval().loss())
                        .isEqualTo(full.epochs().get(e).eval().loss());
                assertThat(resumed.epochs().get(e).eval().predictions())
                        .isEqualTo(full.epochs().get(e).eval().predictions());
            }
        }
    }

    @Test
    void aCheckpointOfAnotherModelIsRefusedNamingWhatDiffers() throws IOException {
        List<Checkpoint> checkpoints = new ArrayList<>();
        new Trainer(model(ADAPTER), OPTIONS.withEpochs(1), base.padId(), TrainingListener.none(), 5, c -> {
                    checkpoints.add(c);
                    return dir;
                })
                .fit(train, eval);
        Trainer lora =
                new Trainer(model(LoraConfig.defaults()), OPTIONS.withEpochs(1), base.padId(), TrainingListener.none());
        assertThatThrownBy(() -> lora.fit(train, eval, checkpoints.getFirst(), dir.resolve("step-5")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("checkpoint " + dir.resolve("step-5") + " holds the trainable parameters [")
                .hasMessageContaining("blkdiag1")
                .hasMessageContaining("but the model trains [")
                .hasMessageContaining("lora_A");
    }

    @Test
    void aNonFiniteGradientStopsTrainingNamingTheStepTheParameterAndTheLastCheckpoint() throws IOException {
        // LoRA at a learning rate of 1000 drives a gradient to NaN within the first epoch while the loss is
        // still finite (the seed makes that repeatable); the assertions hold whichever parameter it is.
        BertForSequenceClassification model = model(LoraConfig.defaults());
        List<Path> saved = new ArrayList<>();
        Trainer trainer = new Trainer(
                model,
                OPTIONS.withLearningRate(1e3).withSchedule(Schedule.CONSTANT, 0),
                base.padId(),
                TrainingListener.none(),
                3,
                c -> {
                    Path path = dir.resolve("step-" + c.step());
                    saved.add(path);
                    return path;
                });
        TrainingDivergedException stop = assertThrows(TrainingDivergedException.class, () -> trainer.fit(train, eval));
        assertThat(saved).isNotEmpty();
        assertThat(stop.lastCheckpoint()).isEqualTo(saved.getLast());
        assertThat(stop.step())
                .isGreaterThan(Integer.parseInt(
                        saved.getLast().getFileName().toString().substring(5)));
        String parameter = stop.culprit().replaceFirst("^the gradient of (\\S+) \\(module (\\S+)\\) holds NaN$", "$1");
        assertThat(parameter).as(stop.culprit()).isNotEqualTo(stop.culprit());
        assertThat(model.namedParameters().get(parameter).trainable()).isTrue();
        assertThat(stop.culprit()).contains("(module " + parameter.substring(0, parameter.lastIndexOf('.')) + ")");
        assertThat(stop)
                .hasMessage("training stopped at step " + stop.step() + " (epoch 1): " + stop.culprit()
                        + "; the last good checkpoint is " + saved.getLast() + "; try a lower learning rate");
    }

    @Test
    void aNonFiniteLossStopsTrainingAtOnce() throws IOException {
        Trainer trainer = new Trainer(
                model(ADAPTER), OPTIONS.withLearningRate(1e30), base.padId(), TrainingListener.none(), 0, null);
        assertThatThrownBy(() -> trainer.fit(train, eval))
                .isInstanceOf(TrainingDivergedException.class)
                .hasMessageMatching("training stopped at step \\d+ \\(epoch 1\\): the loss is (NaN|-?Infinity); no "
                        + "checkpoint was saved before it; try a lower learning rate");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }
}
