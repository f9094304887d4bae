package dev.more.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.more.adapters.MoReConfig;
import dev.more.nn.models.PoolingMode;
import dev.more.train.data.DataFiles;
import dev.more.train.data.Dataset;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product's path for real: all-MiniLM-L6-v2 with MoRe adapters on the shipped topic data, on a CI
 * budget (200 examples of at most 32 tokens, one epoch, about 20 s on 2 cores).
 */
class MiniLmFineTuneTest {
    @TempDir
    Path dir;

    @Test
    void moReOnMiniLmLearnsTopicsInOneShortEpoch() throws IOException {
        Dataset train = DataFiles.readResource("/data/topic/train.csv");
        Dataset eval = DataFiles.readResource("/data/topic/eval.csv");
        train = new Dataset(train.source(), train.examples().subList(0, 200));
        eval = new Dataset(eval.source(), eval.examples().subList(0, 100));
        FineTuneRun.Spec spec = new FineTuneRun.Spec(
                BaseModel.load(BaseModel.MINILM),
                MoReConfig.defaults(),
                TrainingOptions.defaults(1e-2).withEpochs(1).withBatchSize(8).withMaxLength(32),
                PoolingMode.MEAN,
                0.1f);
        FineTuneRun.Outcome run = FineTuneRun.run(spec, train, eval, dir, TrainingListener.none());
        assertThat(run.injection().adapterParameters()).isEqualTo(18 * 4 * (384 + 384));
        assertThat(run.result().best().eval().accuracy())
                .as("4 balanced classes: chance is 0.25")
                .isGreaterThan(0.7);
        assertThat(run.result().steps().getLast().loss())
                .isLessThan(run.result().steps().getFirst().loss());
    }
}
