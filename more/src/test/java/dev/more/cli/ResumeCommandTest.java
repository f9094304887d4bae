package dev.more.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code finetune --resume} and {@code --checkpoint-every} on the command line, and the NaN stop's exit. */
class ResumeCommandTest {
    @TempDir
    static Path shared;

    static List<String> finetune;

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void setUp() throws IOException {
        String tiny = TinyModelFolder.write(shared.resolve("tiny")).toString();
        String csv = TwoTopicCsv.rows(32);
        Path data = Files.writeString(shared.resolve("data.csv"), csv);
        finetune = List.of(
                "finetune",
                "--model",
                tiny,
                "--train",
                data.toString(),
                "--eval",
                data.toString(),
                "--epochs",
                "2",
                "--batch-size",
                "8");
    }

    private int run(String... extra) {
        List<String> args = new ArrayList<>(finetune);
        args.addAll(List.of(extra));
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
    }

    @Test
    void badResumeUsageExitsWithTwo() {
        assertThat(run(
                        "--out",
                        dir.resolve("a").toString(),
                        "--resume",
                        dir.resolve("b").toString()))
                .isEqualTo(2);
        assertThat(err.toString())
                .contains("error: --out " + dir.resolve("a") + " and --resume " + dir.resolve("b")
                        + " name different folders; a resumed run goes on in its own folder, so leave --out out");
        assertThat(run("--out", dir.toString(), "--checkpoint-every", "-1")).isEqualTo(2);
        assertThat(err.toString()).contains("error: --checkpoint-every must be >= 0, not -1");
        assertThat(run("--resume", dir.toString())).isEqualTo(1);
        assertThat(err.toString()).startsWith("error: " + dir + ": no checkpoint to resume from");
    }

    @Test
    void resumingAFinishedRunSaysWhereFromAndOtherOptionsAreRefused() throws IOException {
        assertThat(run("--out", dir.toString(), "--lr", "1e-2"))
                .as(err.toString())
                .isZero();
        assertThat(dir.resolve("checkpoints/step-000008")).isDirectory();
        String metrics = new ObjectMapper()
                .readTree(dir.resolve("metrics.json").toFile())
                .get("step_loss")
                .toString();

        assertThat(run("--resume", dir.toString(), "--out", dir.resolve(".").toString(), "--lr", "1e-2"))
                .as(err.toString())
                .isZero();
        assertThat(out.toString())
                .contains("resumed from step 8 of 8 (" + dir.resolve("checkpoints/step-000008") + ")");
        assertThat(new ObjectMapper()
                        .readTree(dir.resolve("metrics.json").toFile())
                        .get("step_loss")
                        .toString())
                .isEqualTo(metrics);

        assertThat(run("--resume", dir.toString(), "--lr", "2e-2", "--seed", "7"))
                .isEqualTo(2);
        assertThat(err.toString())
                .contains("error: cannot resume from " + dir.resolve("checkpoints/step-000008")
                        + ": it was made with other settings (learning_rate 0.01 -> 0.02; seed 42 -> 7); resume with the "
                        + "options, data and --threads of the first run (see 'more finetune --help')");
    }

    @Test
    void aComparisonResumesTheMethodsWithACheckpointAndRunsTheOthers() throws IOException {
        assertThat(run("--out", dir.toString(), "--adapter", "more,head-only"))
                .as(err.toString())
                .isZero();
        try (Stream<Path> files = Files.walk(dir.resolve("head-only"))) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        assertThat(run("--resume", dir.toString(), "--adapter", "more,head-only"))
                .as(err.toString())
                .isZero();
        assertThat(out.toString())
                .contains("resumed from step 8 of 8 (" + dir.resolve("more/checkpoints/step-000008"))
                .containsOnlyOnce("resumed from");
        assertThat(dir.resolve("head-only/metrics.json")).exists();
        assertThat(new ObjectMapper()
                        .readTree(dir.resolve("comparison.json").toFile())
                        .get("runs"))
                .hasSize(2);
    }

    @Test
    void aDivergingRunStopsWithOneAndNamesTheStepAndTheLastCheckpoint() {
        assertThat(run("--out", dir.toString(), "--adapter", "head-only", "--lr", "1e30", "--checkpoint-every", "1"))
                .isEqualTo(1);
        assertThat(err.toString())
                .hasLineCount(1)
                .containsPattern("^error: training stopped at step (\\d+) \\(epoch 1\\): (the loss is NaN|the gradient "
                        + "of \\S+ \\(module \\S+\\) holds NaN); the last good checkpoint is \\Q"
                        + dir.resolve("checkpoints") + "\\E/step-0000\\d\\d; try a lower learning rate "
                        + "\\(--verbose shows the stack trace\\)");
        assertThat(dir.resolve("metrics.json")).doesNotExist();
    }
}
