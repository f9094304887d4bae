package dev.more.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.more.train.EpochRecord;
import dev.more.train.Evaluation;
import dev.more.train.StepRecord;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressTest {
    @Test
    void drawsTheBarWithLossThroughputAndTimeLeftThenAnEpochLine() {
        StringWriter text = new StringWriter();
        Progress progress = new Progress(new PrintWriter(text), true);
        progress.started(2, 4, 8);
        progress.step(new StepRecord(1, 1, 1, 0.8f, 1e-3, 1f, 16, 0.5));
        assertThat(text.toString())
                .matches("\repoch 1/2 \\[######\\.{18}\\] 1/4  loss 0\\.8000 \\(avg 0\\.8000\\)  "
                        + "32\\.0 ex/s  ETA \\d+:\\d\\d ");
        progress.step(new StepRecord(4, 1, 4, 0.4f, 1e-3, 1f, 64, 2.0));
        assertThat(text.toString()).contains("[########################] 4/4  loss 0.4000 (avg 0.7600)");
        progress.epochEnded(
                new EpochRecord(1, 0.6, Evaluation.of(new int[] {0, 1}, new int[] {0, 0}, 2, 1.2), 2.0, 0.25, 1e-3),
                true);
        assertThat(text.toString())
                .endsWith(System.lineSeparator() + "epoch 1: train loss 0.6000 | eval accuracy 50.00%, "
                        + "macro-F1 33.33%, loss 0.6000 | 2.0 s + 0.3 s eval | best so far, saved"
                        + System.lineSeparator());
    }

    @Test
    void withoutATerminalWritesPlainLinesAtQuarterEpochs() {
        StringWriter text = new StringWriter();
        Progress progress = new Progress(new PrintWriter(text), false);
        progress.started(1, 8, 8);
        for (int step = 1; step <= 8; step++) {
            progress.step(new StepRecord(step, 1, step, 0.5f, 1e-3, 1f, 16, 0.1 * step));
        }
        progress.epochEnded(
                new EpochRecord(1, 0.5, Evaluation.of(new int[] {0, 1}, new int[] {0, 1}, 2, 0.4), 1.0, 0.1, 1e-3),
                false);
        String written = text.toString();
        assertThat(written).doesNotContain("\r");
        assertThat(written.lines()
                        .filter(line -> line.startsWith("epoch 1/1 ["))
                        .count())
                .isEqualTo(4);
        assertThat(written)
                .contains(" 2/8 ")
                .contains(" 4/8 ")
                .contains(" 6/8 ")
                .contains(" 8/8 ")
                .doesNotContain(" 3/8 ");
    }

    @Test
    void clock() {
        assertThat(Progress.clock(65)).isEqualTo("1:05");
        assertThat(Progress.clock(3725)).isEqualTo("1:02:05");
        assertThat(Progress.clock(-3)).isEqualTo("0:00");
    }
}
