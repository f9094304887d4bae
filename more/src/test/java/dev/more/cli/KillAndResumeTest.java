package dev.more.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.more.train.CheckpointFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real thing: {@code more finetune} in its own JVM, killed with SIGKILL in the middle of training,
 * then {@code more finetune --resume} in another JVM ends with the files of an uninterrupted run, bit for bit.
 */
class KillAndResumeTest {
    private static final Pattern STEP = Pattern.compile("step-(\\d+)");
    private static final int EPOCHS = 3;
    private static final int STEPS_PER_EPOCH = 40;
    // Kill once a checkpoint past this step exists: into the second epoch, with most of the run still ahead.
    private static final int KILL_AFTER = 45;

    @TempDir
    static Path shared;

    static List<String> finetune;

    @TempDir
    Path dir;

    @BeforeAll
    static void setUp() throws IOException {
        String tiny = TinyModelFolder.write(shared.resolve("tiny")).toString();
        StringBuilder csv = new StringBuilder("text,label\n");
        String[][] words = {
            {"goals", "match", "coach", "stadium", "team"}, {"profit", "shares", "bank", "market", "tax"}
        };
        String[] labels = {"sports", "business"};
        for (int i = 0; i < STEPS_PER_EPOCH * 4; i++) {
            int c = i % 2;
            csv.append("\"The ")
                    .append(words[c][i % 5])
                    .append(" and the ")
                    .append(words[c][(i / 5) % 5])
                    .append(", ")
                    .append(i)
                    .append("\",")
                    .append(labels[c])
                    .append('\n');
        }
        Path train = Files.writeString(shared.resolve("train.csv"), csv);
        Path eval = Files.writeString(
                shared.resolve("eval.csv"), csv.toString().lines().limit(41).reduce("", (a, b) -> a + b + "\n"));
        finetune = List.of(
                "finetune",
                "--model",
                tiny,
                "--train",
                train.toString(),
                "--eval",
                eval.toString(),
                "--adapter",
                "more",
                "--epochs",
                Integer.toString(EPOCHS),
                "--batch-size",
                "4",
                "--lr",
                "1e-2",
                "--patience",
                "0",
                "--threads",
                "2",
                "--checkpoint-every",
                "5");
    }

    /** Starts {@code more} with {@code args} in a new JVM, its output going to {@code log}. */
    private static Process more(Path log, List<String> args) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(
                java.toString(),
                "--add-modules",
                "jdk.incubator.vector",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(args);
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    private static List<String> with(String... extra) {
        List<String> args = new ArrayList<>(finetune);
        args.addAll(List.of(extra));
        return args;
    }

    private static int finish(Process process) throws InterruptedException {
        assertThat(process.waitFor(300, TimeUnit.SECONDS))
                .as("finished in time")
                .isTrue();
        return process.exitValue();
    }

    private static int newestCheckpoint(Path run) throws IOException {
        Optional<Path> latest = new CheckpointFolder(run).latest();
        if (latest.isEmpty()) {
            return 0;
        }
        Matcher m = STEP.matcher(latest.get().getFileName().toString());
        assertThat(m.matches()).isTrue();
        return Integer.parseInt(m.group(1));
    }

    /** metrics.json without the times, which differ from run to run. */
    private static JsonNode metricsWithoutTimes(Path run) throws IOException {
        ObjectNode metrics = (ObjectNode)
                new ObjectMapper().readTree(run.resolve("metrics.json").toFile());
        metrics.remove(List.of("train_seconds", "examples_per_second"));
        metrics.get("history").forEach(h -> ((ObjectNode) h).remove(List.of("train_seconds", "eval_seconds")));
        return metrics;
    }

    @Test
    void aRunKilledWithSigkillAndResumedInAnotherJvmEndsBitIdenticalToAnUninterruptedOne() throws Exception {
        Path whole = dir.resolve("whole");
        Path wholeLog = dir.resolve("whole.log");
        Process uninterrupted = more(wholeLog, with("--out", whole.toString()));

        Path killed = dir.resolve("killed");
        Path killedLog = dir.resolve("killed.log");
        Process victim = more(killedLog, with("--out", killed.toString()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (victim.isAlive() && newestCheckpoint(killed) <= KILL_AFTER && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        victim.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no finally block runs
        assertThat(finish(victim))
                .as("killed, not finished: %s", Files.readString(killedLog))
                .isEqualTo(128 + 9);
        int killedAt = newestCheckpoint(killed);
        assertThat(killedAt)
                .as("a checkpoint past step %d, before the last step", KILL_AFTER)
                .isGreaterThan(KILL_AFTER)
                .isLessThan(EPOCHS * STEPS_PER_EPOCH);
        assertThat(killed.resolve("metrics.json")).doesNotExist();
        CheckpointFolder.read(new CheckpointFolder(killed).latest().orElseThrow()); // complete and readable

        Path resumedLog = dir.resolve("resumed.log");
        Process resumed = more(resumedLog, with("--resume", killed.toString()));
        assertThat(finish(resumed)).as(Files.readString(resumedLog)).isZero();
        assertThat(Files.readString(resumedLog))
                .contains("resumed from step " + killedAt + " of "
                        + EPOCHS * STEPS_PER_EPOCH + " ("
                        + new CheckpointFolder(killed).path().resolve(String.format(Locale.ROOT, "step-%06d", killedAt))
                        + ")");
        assertThat(finish(uninterrupted)).as(Files.readString(wholeLog)).isZero();

        for (String file : List.of("adapter.safetensors", "adapter_config.json", "classifier.json")) {
            assertThat(Files.readAllBytes(killed.resolve(file)))
                    .as(file)
                    .isEqualTo(Files.readAllBytes(whole.resolve(file)));
        }
        assertThat(metricsWithoutTimes(killed)).isEqualTo(metricsWithoutTimes(whole));
    }
}
