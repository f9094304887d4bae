package dev.more.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: help, exit codes and messages, and each command end to end on a tiny model. */
class MainTest {
    @TempDir
    static Path shared;

    static String tiny;
    static Path train;
    static Path eval;

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void setUp() throws IOException {
        tiny = TinyModelFolder.write(shared.resolve("tiny")).toString();
        String csv = TwoTopicCsv.rows(48);
        train = Files.writeString(shared.resolve("train.csv"), csv);
        eval = Files.writeString(
                shared.resolve("eval.csv"), csv.lines().limit(17).reduce("", (a, b) -> a + b + "\n"));
    }

    private int run(String... args) {
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void helpListsEveryCommandAndEachCommandHasHelp() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("demo", "finetune", "eval", "predict", "merge", "params");
        assertThat(run("finetune", "--help")).isZero();
        assertThat(out.toString())
                .contains(
                        "--train=FILE",
                        "--eval=FILE",
                        "--adapter=METHOD",
                        "--model=minilm|PATH",
                        "--targets=NAMES",
                        "--nblocks=N",
                        "--blk-r=R",
                        "--blk-sz=N",
                        "--rank=R",
                        "--alpha=A",
                        "--epochs=N",
                        "--lr=X",
                        "--batch-size=B",
                        "--max-len=L",
                        "--seed=S",
                        "--threads=N",
                        "--out=DIR");
        for (String command : new String[] {"demo", "eval", "predict", "merge", "params"}) {
            assertThat(run(command, "--help")).as(command).isZero();
        }
        assertThat(out.toString()).contains("--data=FILE", "--text=TEXT", "--text-pair=TEXT", "--base, --model");
        assertThat(run("--version")).isZero();
        assertThat(out.toString()).contains("Java 25");
    }

    @Test
    void badUsageExitsWithTwo() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString()).contains("a command is needed");
        assertThat(run("demo", "--no-such-flag")).isEqualTo(2);
        assertThat(err.toString())
                .endsWith("error: Unknown option: '--no-such-flag' (see 'more demo --help')" + System.lineSeparator());
        assertThat(run("finetune", "--train", "a.csv")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option: '--eval=FILE'");
        assertThat(run("finetune", "--train", "a.csv", "--eval", "b.csv")).isEqualTo(2);
        assertThat(err.toString())
                .contains(
                        "Missing required option: '--out=DIR' (or --resume=DIR to go on with an " + "interrupted run)");
        String[] base = {"finetune", "--train", train.toString(), "--eval", eval.toString(), "--out", dir.toString()};
        assertUsage(base, "unknown --adapter 'dora'; choose from more, lora, head-only, full", "--adapter", "dora");
        assertUsage(base, "--adapter names 'more' twice", "--adapter", "more,more");
        assertUsage(base, "epochs must be at least 1, not 0", "--epochs", "0");
        assertUsage(base, "--schedule must be cosine, linear or constant, not 'step'", "--schedule", "step");
        assertUsage(base, "--pooling must be mean, cls or pooler, not 'max'", "--pooling", "max");
        assertUsage(base, "MoRe needs blk_r >= 1", "--blk-r", "0");
        assertUsage(base, "LoRA rank r must be >= 1, got 0", "--adapter", "lora", "--rank", "0");
        assertUsage(base, "--threads must be at least 1, not 0", "--threads", "0");
        assertUsage(base, "target 'nothing' matches no Linear module", "--model", tiny, "--targets", "nothing");
        assertUsage(
                base,
                "--model: '" + dir.resolve("none") + "' is neither 'minilm' nor an existing folder",
                "--model",
                dir.resolve("none").toString());
        assertUsage(base, "max length 100 exceeds the 64 positions of " + tiny, "--model", tiny, "--max-len", "100");
        assertThat(run("demo", "--task", "nli")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown demo task 'nli'; choose one of sentiment, topic, paraphrase");
        assertThat(run("params", "--labels", "1")).isEqualTo(2);
        assertThat(err.toString()).contains("--labels must be at least 2, not 1");
    }

    private void assertUsage(String[] base, String message, String... extra) {
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        assertThat(run(args)).as(String.join(" ", extra)).isEqualTo(2);
        assertThat(err.toString()).contains(message);
    }

    @Test
    void failuresExitWithOneAndOneLine() throws IOException {
        Path missing = dir.resolve("missing.jsonl");
        assertThat(run("finetune", "--train", missing.toString(), "--eval", eval.toString(), "--out", dir.toString()))
                .isEqualTo(1);
        assertThat(err.toString())
                .isEqualTo("error: " + missing + ": no such file (--verbose shows the stack trace)"
                        + System.lineSeparator());

        Path bad = Files.writeString(dir.resolve("bad.csv"), "text,label\nhello, world,pos\n");
        err.getBuffer().setLength(0);
        assertThat(run("finetune", "--train", bad.toString(), "--eval", eval.toString(), "--out", dir.toString()))
                .isEqualTo(1);
        assertThat(err.toString())
                .startsWith("error: " + bad + ":2: 3 fields, but the header has 2")
                .hasLineCount(1);

        Path file = Files.writeString(dir.resolve("file"), "x");
        err.getBuffer().setLength(0);
        assertThat(run(
                        "finetune",
                        "--model",
                        tiny,
                        "--train",
                        train.toString(),
                        "--eval",
                        eval.toString(),
                        "--out",
                        file.toString()))
                .isEqualTo(1);
        assertThat(err.toString())
                .startsWith("error: " + file + ": exists and is not a folder")
                .hasLineCount(1);

        err.getBuffer().setLength(0);
        assertThat(run("eval", "--adapter", dir.resolve("nothing").toString(), "--data", eval.toString()))
                .isEqualTo(1);
        assertThat(err.toString())
                .startsWith("error: " + dir.resolve("nothing") + ": no such folder")
                .hasLineCount(1);

        err.getBuffer().setLength(0);
        assertThat(run("--verbose", "eval", "--adapter", dir.toString(), "--data", eval.toString()))
                .isEqualTo(1);
        assertThat(err.toString())
                .startsWith("error: " + dir + ": no adapter_config.json")
                .contains("at dev.more.train.TrainedClassifier.load");
    }

    @Test
    void finetuneEvalPredictMergeAndParamsOnATinyModel() throws IOException {
        Path run = dir.resolve("run");
        assertThat(run(
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
                        "2",
                        "--batch-size",
                        "8",
                        "--lr",
                        "1e-2",
                        "--out",
                        run.toString()))
                .as(err.toString())
                .isZero();
        assertThat(out.toString())
                .contains(
                        "epoch 1/2 [",
                        "ex/s",
                        "ETA",
                        "epoch 2: train loss",
                        "best epoch",
                        "trainable params:",
                        "wrote " + run);
        for (String file : new String[] {
            "adapter.safetensors", "adapter_config.json", "classifier.json", "metrics.json", "loss.png", "accuracy.png"
        }) {
            assertThat(run.resolve(file)).exists();
        }

        out.getBuffer().setLength(0);
        assertThat(run("eval", "--adapter", run.toString(), "--data", eval.toString()))
                .as(err.toString())
                .isZero();
        assertThat(out.toString())
                .containsPattern("more on .*eval.csv: accuracy [0-9.]+% \\(\\d+/16\\), macro-F1")
                .contains("confusion (rows: true label, columns: predicted label)", "business", "sports");

        out.getBuffer().setLength(0);
        assertThat(run(
                        "predict",
                        "--adapter",
                        run.toString(),
                        "--text",
                        "The coach, the match",
                        "--text",
                        "The profit"))
                .as(err.toString())
                .isZero();
        assertThat(out.toString().lines()).hasSize(2).allMatch(l -> l.matches("(sports|business)\t[01]\\.\\d{4}\t.*"));
        assertThat(run("predict", "--adapter", run.toString(), "--text", "a", "--text-pair", "b"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("this classifier labels single texts: --text-pair does not apply");

        out.getBuffer().setLength(0);
        Path merged = dir.resolve("merged.safetensors");
        assertThat(run("merge", "--adapter", run.toString(), "--out", merged.toString()))
                .as(err.toString())
                .isZero();
        assertThat(out.toString()).contains("merged 6 more adapters into " + tiny, "to " + merged);
        assertThat(merged).exists();

        out.getBuffer().setLength(0);
        Path folder = dir.resolve("merged-folder");
        assertThat(run("merge", "--adapter", run.toString(), "--base", tiny, "--out", folder.toString()))
                .as(err.toString())
                .isZero();
        assertThat(out.toString()).contains("(with config.json and tokenizer.json)");
        assertThat(folder.resolve("config.json")).exists();
        assertThat(run(
                        "finetune",
                        "--model",
                        folder.toString(),
                        "--train",
                        train.toString(),
                        "--eval",
                        eval.toString(),
                        "--adapter",
                        "head-only",
                        "--epochs",
                        "1",
                        "--out",
                        dir.resolve("again").toString()))
                .as(err.toString())
                .isZero();

        out.getBuffer().setLength(0);
        assertThat(run("params", "--model", tiny, "--nblocks", "2"))
                .as(err.toString())
                .isZero();
        assertThat(out.toString()).contains("bert.encoder.layer.1.attention.self.value", "32 x 32", "all parameters");
    }

    @Test
    void comparisonModeWritesATableJsonAndAChart() throws IOException {
        assertThat(run(
                        "finetune",
                        "--model",
                        tiny,
                        "--train",
                        train.toString(),
                        "--eval",
                        eval.toString(),
                        "--adapter",
                        "more,lora,head-only",
                        "--epochs",
                        "1",
                        "--batch-size",
                        "16",
                        "--out",
                        dir.toString()))
                .as(err.toString())
                .isZero();
        assertThat(out.toString())
                .containsPattern("method +trainable +adapter +train% +accuracy +macro-F1 +train time")
                .containsPattern("\nmore +[0-9,]+ +[0-9,]+ ")
                .containsPattern("\nlora +[0-9,]+ +[0-9,]+ ")
                .containsPattern("\nhead-only +66 +0 ");
        JsonNode json =
                new ObjectMapper().readTree(dir.resolve("comparison.json").toFile());
        assertThat(json.get("runs")).hasSize(3);
        assertThat(json.get("runs").get(2).get("adapter").textValue()).isEqualTo("head-only");
        assertThat(ImageIO.read(dir.resolve("comparison.png").toFile())).isNotNull();
        assertThat(dir.resolve("lora/adapter_model.safetensors")).exists();
        assertThat(dir.resolve("more/metrics.json")).exists();
    }

    @Test
    void demoRunsOnTheShippedDataWithAnyModel() {
        assertThat(run(
                        "demo",
                        "--model",
                        tiny,
                        "--task",
                        "topic",
                        "--adapter",
                        "more,head-only",
                        "--epochs",
                        "1",
                        "--out",
                        dir.toString()))
                .as(err.toString())
                .isZero();
        assertThat(out.toString())
                .contains(
                        "Task: 4-way topic of news-style sentences",
                        "classpath:/data/topic/train.csv",
                        "== more on " + tiny,
                        "== head-only on " + tiny,
                        "Plots: " + dir.toAbsolutePath().normalize().resolve("comparison.png"),
                        "Try: more predict --adapter " + dir.resolve("more"),
                        "Demo finished in");
    }
}
