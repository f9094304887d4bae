package dev.more.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.more.adapters.AdapterConfig;
import dev.more.adapters.FullConfig;
import dev.more.adapters.HeadOnlyConfig;
import dev.more.adapters.LoraConfig;
import dev.more.adapters.MoReConfig;
import dev.more.autograd.NoGrad;
import dev.more.nn.models.BertForSequenceClassification;
import dev.more.nn.models.PoolingMode;
import dev.more.tensor.Rng;
import dev.more.tensor.io.SafeTensors;
import dev.more.train.data.DataFiles;
import dev.more.train.data.DataFormatException;
import dev.more.train.data.Dataset;
import dev.more.train.data.EncodedExample;
import dev.more.train.data.Encoder;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole runs on a tiny random BERT: files, metrics, reloading, prediction, merging, determinism. */
class FineTuneRunTest {
    @TempDir
    static Path shared;

    static BaseModel base;
    static Dataset topicTrain;
    static Dataset topicEval;

    @TempDir
    Path dir;

    @BeforeAll
    static void setUp() throws IOException {
        base = BaseModel.load(TinyModel.write(shared.resolve("tiny"), 7).toString());
        topicTrain = head(DataFiles.readResource("/data/topic/train.csv"), 200);
        topicEval = head(DataFiles.readResource("/data/topic/eval.csv"), 100);
    }

    static Dataset head(Dataset data, int n) {
        return new Dataset(data.source(), data.examples().subList(0, n));
    }

    static FineTuneRun.Spec spec(AdapterConfig adapter, double learningRate, int epochs) {
        return new FineTuneRun.Spec(
                base,
                adapter,
                TrainingOptions.defaults(learningRate)
                        .withEpochs(epochs)
                        .withBatchSize(8)
                        .withMaxLength(32),
                PoolingMode.MEAN,
                0.1f);
    }

    @Test
    void fullFineTuningLearnsTheTopicsAndWritesTheRunFolder() throws IOException {
        FineTuneRun.Outcome run =
                FineTuneRun.run(spec(new FullConfig(), 3e-3, 2), topicTrain, topicEval, dir, TrainingListener.none());
        double accuracy = run.result().best().eval().accuracy();
        assertThat(accuracy).as("4 balanced classes: chance is 0.25").isGreaterThan(0.8);
        assertThat(Files.list(dir).map(p -> p.getFileName().toString()).toList())
                .containsExactlyInAnyOrder(
                        "adapter.safetensors",
                        "adapter_config.json",
                        "classifier.json",
                        "metrics.json",
                        "loss.png",
                        "accuracy.png",
                        "checkpoints");

        JsonNode metrics =
                new ObjectMapper().readTree(dir.resolve("metrics.json").toFile());
        for (String key : List.of(
                "eval_accuracy",
                "eval_macro_f1",
                "eval_loss",
                "trainable_params",
                "adapter_params",
                "total_params",
                "train_seconds",
                "steps",
                "final_loss",
                "history",
                "step_loss",
                "best_epoch",
                "examples_per_second",
                "options",
                "data",
                "eval_confusion",
                "step_learning_rate",
                "step_grad_norm")) {
            assertThat(metrics.has(key)).as(key).isTrue();
        }
        assertThat(metrics.get("eval_accuracy").doubleValue()).isEqualTo(accuracy);
        assertThat(metrics.get("trainable_params").longValue())
                .isEqualTo(metrics.get("total_params").longValue())
                .isEqualTo(base.classifier(4, PoolingMode.MEAN, 0f, new Rng(1)).parameterCount());
        assertThat(metrics.get("adapter_params").longValue()).isZero();
        assertThat(metrics.get("steps").intValue()).isEqualTo(2 * 25);
        assertThat(metrics.get("step_loss").size()).isEqualTo(50);
        assertThat(metrics.get("history").size()).isEqualTo(2);
        assertThat(metrics.get("history").get(1).get("eval_accuracy").doubleValue())
                .isBetween(0.0, 1.0);
        assertThat(metrics.get("final_loss").doubleValue())
                .isEqualTo(run.result().epochs().get(1).trainLoss());
        assertThat(metrics.get("data").get("labels").toString())
                .isEqualTo("[\"business\",\"cooking\",\"science\",\"sports\"]");

        for (String png : List.of("loss.png", "accuracy.png")) {
            BufferedImage image = ImageIO.read(dir.resolve(png).toFile());
            assertThat(image).as(png).isNotNull();
            assertThat(image.getWidth()).isEqualTo(800);
            assertThat(image.getHeight()).isEqualTo(500);
        }
    }

    @Test
    void aMoReRunReloadsToTheSameScoresPredictsAndMerges() throws IOException {
        FineTuneRun.Outcome run = FineTuneRun.run(
                spec(MoReConfig.defaults(), 1e-2, 2), topicTrain, topicEval, dir, TrainingListener.none());
        assertThat(run.injection().adapterParameters()).isPositive();
        Set<String> names = SafeTensors.read(dir.resolve("adapter.safetensors")).keySet();
        assertThat(names)
                .contains(
                        "bert.encoder.layer.0.attention.self.query.blkdiag1",
                        "bert.encoder.layer.1.attention.self.value.blkdiag2",
                        "classifier.weight",
                        "classifier.bias");

        TrainedClassifier loaded = TrainedClassifier.load(dir, null);
        Evaluation again = loaded.evaluate(topicEval);
        Evaluation best = run.result().best().eval();
        assertThat(again.accuracy()).isCloseTo(best.accuracy(), within(1.0 / topicEval.size()));
        assertThat(again.loss()).isCloseTo(best.loss(), within(1e-4));

        List<TrainedClassifier.Prediction> predictions = loaded.predict(
                List.of(
                        topicEval.examples().get(0).text(),
                        topicEval.examples().get(1).text()),
                null);
        assertThat(predictions).hasSize(2);
        for (TrainedClassifier.Prediction p : predictions) {
            assertThat(p.probabilities()).hasSize(4);
            double sum = 0;
            for (float q : p.probabilities()) {
                sum += q;
            }
            assertThat(sum).isCloseTo(1.0, within(1e-5));
            assertThat(List.of("business", "cooking", "science", "sports")).contains(p.label());
        }
        assertThat(predictions.get(0).label()).isEqualTo(loaded.info().labels().name(again.predictions()[0]));
        assertThatThrownBy(() -> loaded.predict(List.of("a"), List.of("b")))
                .hasMessageContaining("trained on single texts");

        float[] adapted = logits(loaded.model(), topicEval);
        Merger.Result file = Merger.merge(loaded, dir.resolve("merged.safetensors"));
        assertThat(file.folder()).isFalse();
        Map<String, dev.more.tensor.Tensor> merged = SafeTensors.read(dir.resolve("merged.safetensors"));
        assertThat(merged.keySet())
                .noneMatch(n -> n.contains("blkdiag"))
                .contains("bert.encoder.layer.0.attention.self.query.weight", "classifier.weight");
        assertThat(merged.get("bert.encoder.layer.0.attention.self.query.weight")
                        .shape())
                .containsExactly(32, 32);
        BertForSequenceClassification plain = base.classifier(4, PoolingMode.MEAN, 0f, new Rng(3));
        plain.loadStateDict(merged, true);
        float[] fromMerged = logits(plain, topicEval);
        for (int i = 0; i < adapted.length; i++) {
            assertThat(fromMerged[i]).isCloseTo(adapted[i], within(1e-4f));
        }
    }

    private static float[] logits(BertForSequenceClassification model, Dataset data) throws DataFormatException {
        List<EncodedExample> encoded =
                Encoder.encode(head(data, 8), base.tokenizer(), 32, dev.more.train.data.LabelSet.of(topicTrain));
        model.eval();
        var batch = new dev.more.train.data.Batcher(8, base.padId(), 1)
                .byLength(encoded)
                .getFirst();
        try (NoGrad ignored = NoGrad.enter()) {
            return model.forward(batch.ids(), batch.attentionMask(), batch.tokenTypeIds())
                    .value()
                    .toArray();
        }
    }

    @Test
    void aMergedFolderLoadsAsABaseModel() throws IOException {
        FineTuneRun.run(spec(LoraConfig.defaults(), 1e-2, 1), topicTrain, topicEval, dir, TrainingListener.none());
        assertThat(dir.resolve("adapter_model.safetensors")).exists();
        TrainedClassifier loaded = TrainedClassifier.load(dir, null);
        Path folder = dir.resolve("merged");
        assertThat(Merger.merge(loaded, folder).folder()).isTrue();
        BaseModel reloaded = BaseModel.load(folder.toString());
        assertThat(reloaded.weights()
                        .tensor("encoder.layer.1.attention.self.value.weight")
                        .toArray())
                .isEqualTo(loaded.model()
                        .parameter("bert.encoder.layer.1.attention.self.value.weight")
                        .value()
                        .toArray());
        JsonNode config =
                new ObjectMapper().readTree(folder.resolve("config.json").toFile());
        assertThat(config.get("id2label").get("3").textValue()).isEqualTo("sports");
        assertThat(config.get("more_pooling").textValue()).isEqualTo("mean");
    }

    @Test
    void theSeedMakesARunRepeatable() throws IOException {
        FineTuneRun.Spec spec = spec(MoReConfig.defaults(), 1e-2, 1);
        TrainingResult a = FineTuneRun.run(spec, topicTrain, topicEval, dir.resolve("a"), TrainingListener.none())
                .result();
        TrainingResult b = FineTuneRun.run(spec, topicTrain, topicEval, dir.resolve("b"), TrainingListener.none())
                .result();
        assertThat(a.steps().stream().map(StepRecord::loss).toList())
                .isEqualTo(b.steps().stream().map(StepRecord::loss).toList());
        assertThat(a.best().eval().predictions()).isEqualTo(b.best().eval().predictions());
        assertThat(SafeTensors.read(dir.resolve("a/adapter.safetensors"))
                        .get("classifier.weight")
                        .toArray())
                .isEqualTo(SafeTensors.read(dir.resolve("b/adapter.safetensors"))
                        .get("classifier.weight")
                        .toArray());
        FineTuneRun.Spec otherSeed =
                new FineTuneRun.Spec(base, spec.adapter(), spec.options().withSeed(43), spec.pooling(), spec.dropout());
        TrainingResult c = FineTuneRun.run(otherSeed, topicTrain, topicEval, dir.resolve("c"), TrainingListener.none())
                .result();
        assertThat(c.steps().stream().map(StepRecord::loss).toList())
                .isNotEqualTo(a.steps().stream().map(StepRecord::loss).toList());
    }

    @Test
    void patienceStopsARunThatNoLongerImproves() throws IOException {
        // A learning rate of 1e-30 leaves every float32 weight as it was, so no epoch beats the first.
        FineTuneRun.Spec spec = new FineTuneRun.Spec(
                base,
                HeadOnlyConfig.defaults(),
                TrainingOptions.defaults(1e-30)
                        .withEpochs(5)
                        .withPatience(2)
                        .withBatchSize(50)
                        .withMaxLength(32),
                PoolingMode.MEAN,
                0f);
        TrainingResult result = FineTuneRun.run(spec, topicTrain, topicEval, dir, TrainingListener.none())
                .result();
        assertThat(result.epochs()).hasSize(3);
        assertThat(result.stoppedEarly()).isTrue();
        assertThat(result.bestEpoch()).isEqualTo(1);
    }

    @Test
    void sentencePairsTrainAndPredictAsPairs() throws IOException {
        Dataset train = head(DataFiles.readResource("/data/paraphrase/train.jsonl"), 64);
        Dataset eval = head(DataFiles.readResource("/data/paraphrase/eval.jsonl"), 32);
        FineTuneRun.run(spec(new FullConfig(), 1e-3, 1), train, eval, dir, TrainingListener.none());
        TrainedClassifier loaded = TrainedClassifier.load(dir, null);
        assertThat(loaded.info().textPair()).isTrue();
        assertThat(loaded.info().labels().names()).containsExactly("0", "1");
        assertThat(loaded.info().labels().integers()).isTrue();
        assertThat(loaded.predict(List.of("Anna sold the car."), List.of("Anna did not sell the car.")))
                .singleElement()
                .satisfies(p -> assertThat(p.label()).isIn("0", "1"));
        assertThatThrownBy(() -> loaded.predict(List.of("x"), null)).hasMessageContaining("trained on text pairs");
        assertThatThrownBy(() -> loaded.evaluate(topicEval))
                .isInstanceOf(DataFormatException.class)
                .hasMessageEndingWith("holds single texts, but the classifier was trained on text pairs");
        assertThatThrownBy(() -> FineTuneRun.run(
                        spec(new FullConfig(), 1e-3, 1), train, topicEval, dir.resolve("x"), TrainingListener.none()))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(topicEval.source() + " holds single texts but " + train.source() + " holds text pairs");
    }
}
