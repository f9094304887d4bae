package dev.more.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.more.adapters.MoReConfig;
import dev.more.nn.models.PoolingMode;
import dev.more.train.data.DataFiles;
import dev.more.train.data.Dataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java example of the README, line for line between the markers, so that it keeps compiling and
 * running. Only the data size and epochs are cut to fit the test budget.
 */
class JavaApiExampleTest {
    @TempDir
    Path runs;

    @Test
    void readmeExampleRuns() throws Exception {
        Dataset train = DataFiles.readResource("/data/sentiment/train.jsonl");
        Dataset eval = DataFiles.readResource("/data/sentiment/eval.jsonl");
        train = new Dataset(train.source(), train.examples().subList(0, 96));
        eval = new Dataset(eval.source(), eval.examples().subList(0, 48));
        Path out = runs.resolve("sentiment-more");

        // README example: begin
        BaseModel base = BaseModel.load("minilm"); // all-MiniLM-L6-v2 from the jar
        MoReConfig more = MoReConfig.defaults(); // nblocks 4, blk_r 4 on query/key/value
        TrainingOptions options = TrainingOptions.defaults(5e-3).withEpochs(1).withMaxLength(32);
        FineTuneRun.Outcome run = FineTuneRun.run(
                new FineTuneRun.Spec(base, more, options, PoolingMode.MEAN, 0.1f),
                train,
                eval,
                out,
                TrainingListener.none()); // writes adapter + metrics
        System.out.println(run.injection().summary()); // trainable params: ... || trainable%: ...

        TrainedClassifier classifier = TrainedClassifier.load(out, "minilm");
        Evaluation result = classifier.evaluate(eval);
        List<TrainedClassifier.Prediction> labels = classifier.predict(List.of("The soup was wonderful."), null);
        Merger.merge(classifier, out.resolve("merged.safetensors")); // W += ΔW, Hugging Face names
        // README example: end

        assertThat(result.count()).isEqualTo(48);
        assertThat(result.accuracy()).isBetween(0.0, 1.0);
        assertThat(labels).hasSize(1);
        assertThat(labels.get(0).label()).isIn("negative", "positive");
        assertThat(run.injection().summary()).startsWith("trainable params: ");
        assertThat(out.resolve("adapter.safetensors")).exists();
        assertThat(out.resolve("metrics.json")).exists();
        assertThat(Files.size(out.resolve("merged.safetensors"))).isGreaterThan(80_000_000L);
    }
}
