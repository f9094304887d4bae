package dev.more.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.more.adapters.HeadOnlyConfig;
import dev.more.adapters.Injection;
import dev.more.adapters.MoReConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComparisonTest {
    private static FineTuneRun.Outcome outcome(Injection injection, double accuracy, double seconds) {
        Evaluation eval = Evaluation.of(
                new int[] {0, 1, 0, 1}, accuracy == 1 ? new int[] {0, 1, 0, 1} : new int[] {0, 1, 1, 0}, 2, 1);
        EpochRecord epoch = new EpochRecord(1, 0.5, eval, seconds, 1, 1e-3);
        TrainingResult result = new TrainingResult(
                List.of(new StepRecord(1, 1, 1, 0.5f, 1e-3, 1f, 4, seconds)), List.of(epoch), 1, false, seconds);
        return new FineTuneRun.Outcome(Path.of("runs", injection.config().type()), null, injection, result);
    }

    @Test
    void tableLinesUpMethodsCountsScoresAndTimes() {
        Comparison comparison = new Comparison();
        comparison.add(outcome(
                new Injection(MoReConfig.defaults(), List.of("q"), List.of("classifier"), 55_296, 56_066, 22_621_442),
                1.0,
                83.4));
        comparison.add(outcome(
                new Injection(HeadOnlyConfig.defaults(), List.of(), List.of("classifier"), 0, 770, 22_566_146),
                0.5,
                9.25));
        assertThat(comparison.table()).isEqualTo("""
                method        trainable      adapter   train%  accuracy  macro-F1  train time
                more             56,066       55,296   0.248%    100.0%    100.0%      1m 23s
                head-only           770            0   0.003%     50.0%     50.0%        9.3s
                """);
    }

    @Test
    void durations() {
        assertThat(Comparison.duration(59.94)).isEqualTo("59.9s");
        assertThat(Comparison.duration(60)).isEqualTo("1m 00s");
        assertThat(Comparison.duration(3725)).isEqualTo("62m 05s");
        assertThat(Plots.compact(56_066)).isEqualTo("56.1k");
        assertThat(Plots.compact(22_621_442)).isEqualTo("22.6M");
        assertThat(Plots.compact(770)).isEqualTo("770");
    }
}
