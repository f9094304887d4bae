package dev.more.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.more.tensor.Tensor;
import dev.more.tensor.io.SafeTensors;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ways a command line goes wrong that users meet most: each ends with exit code 2 (bad usage) or 1 (failure)
 * and one line on standard error that says what is wrong and what to do, without a stack trace.
 */
class CliFailureModesTest {
    private static final String[] COMMANDS = {
        "demo", "finetune", "eval", "predict", "merge", "params", "embed", "explain"
    };

    @TempDir
    static Path shared;

    static Path tiny;
    static Path train;
    static Path eval;
    /** A LoRA run on {@link #tiny}, labels business and sports. */
    static Path run;

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void trainATinyRun() throws IOException {
        tiny = TinyModelFolder.write(shared.resolve("tiny"));
        StringBuilder csv = new StringBuilder("text,label\n");
        for (int i = 0; i < 16; i++) {
            csv.append(i % 2 == 0 ? "The coach and the match " : "The bank and the shares ")
                    .append(i)
                    .append(i % 2 == 0 ? ",sports\n" : ",business\n");
        }
        train = Files.writeString(shared.resolve("train.csv"), csv);
        eval = train;
        run = shared.resolve("run");
        StringWriter err = new StringWriter();
        int code = Main.run(
                new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true),
                "finetune",
                "--model",
                tiny.toString(),
                "--train",
                train.toString(),
                "--eval",
                eval.toString(),
                "--adapter",
                "lora",
                "--epochs",
                "1",
                "--out",
                run.toString());
        assertThat(code).as(err.toString()).isZero();
    }

    private int run(String... args) {
        err.getBuffer().setLength(0);
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    /** Standard error is exactly one line, {@code error: ...}, holding every fragment, with no stack trace. */
    private void assertOneLine(String... fragments) {
        assertThat(err.toString())
                .startsWith("error: ")
                .hasLineCount(1)
                .doesNotContain("\tat ")
                .contains(fragments);
    }

    @Test
    void anUnknownFlagIsAUsageErrorPointingAtHelp() {
        for (String command : COMMANDS) {
            assertThat(run(command, "--no-such-flag")).as(command).isEqualTo(2);
            assertOneLine("Unknown option: '--no-such-flag'", "(see 'more " + command + " --help')");
        }
    }

    @Test
    void aMissingDataFileIsNamed() {
        Path missing = dir.resolve("missing.csv");
        assertThat(run("eval", "--adapter", run.toString(), "--data", missing.toString()))
                .isEqualTo(1);
        assertOneLine(missing + ": no such file");
        assertThat(run(
                        "finetune",
                        "--model",
                        tiny.toString(),
                        "--train",
                        train.toString(),
                        "--eval",
                        missing.toString(),
                        "--out",
                        dir.resolve("out").toString()))
                .isEqualTo(1);
        assertOneLine(missing + ": no such file");
    }

    @Test
    void evaluationLabelsOutsideTheTrainingLabelsAreNamedWithTheLine() throws IOException {
        Path weather =
                Files.writeString(dir.resolve("weather.csv"), "text,label\nSunny,sports\nRain all day,weather\n");
        assertThat(run("eval", "--adapter", run.toString(), "--data", weather.toString()))
                .isEqualTo(1);
        assertOneLine(
                weather + ":3: label 'weather' is not one of the training labels [business, sports]",
                "evaluate on data with the training labels, or train with examples of 'weather'");
        assertThat(run(
                        "finetune",
                        "--model",
                        tiny.toString(),
                        "--train",
                        train.toString(),
                        "--eval",
                        weather.toString(),
                        "--adapter",
                        "head-only",
                        "--out",
                        dir.resolve("out").toString()))
                .isEqualTo(1);
        assertOneLine(weather + ":3: label 'weather' is not one of the training labels [business, sports]");
    }

    @Test
    void anAdapterForAnotherModelSaysWhichModelItWasTrainedOn() throws IOException {
        Path wider = TinyModelFolder.write(dir.resolve("wider"), 48, 30522);
        assertThat(run("eval", "--adapter", run.toString(), "--data", eval.toString(), "--model", wider.toString()))
                .isEqualTo(1);
        assertOneLine(
                run + ": the adapter was trained on " + tiny + " and does not fit " + wider,
                "wrong shape for",
                "use it with " + tiny + ", or train an adapter for " + wider);
        assertThat(run("predict", "--adapter", run.toString(), "--text", "a", "--model", wider.toString()))
                .isEqualTo(1);
        assertOneLine("the adapter was trained on " + tiny + " and does not fit " + wider);
    }

    @Test
    void aRunWhoseModelFolderIsGoneAsksForItsNewPlace() throws IOException {
        Path moved = copyOfRun("moved-run");
        Path gone = dir.resolve("gone");
        Path classifierJson = moved.resolve("classifier.json");
        Files.writeString(classifierJson, Files.readString(classifierJson).replace(tiny.toString(), gone.toString()));
        assertThat(run("eval", "--adapter", moved.toString(), "--data", eval.toString()))
                .isEqualTo(1);
        assertOneLine(
                moved + ": the run was trained on " + gone + ", which is no longer there",
                "name the base model's new place instead (--model");
        assertThat(run("eval", "--adapter", moved.toString(), "--data", eval.toString(), "--model", tiny.toString()))
                .as(err.toString())
                .isZero();
    }

    @Test
    void aFailureListingSeveralProblemsPrintsItsFirstLineAndSaysWhereTheRestIs() throws IOException {
        Path broken = copyOfRun("broken-run");
        Path weights = broken.resolve("adapter_model.safetensors");
        SafeTensors.write(weights, Map.of("stray", Tensor.zeros(1)));
        assertThat(run("eval", "--adapter", broken.toString(), "--data", eval.toString()))
                .isEqualTo(1);
        assertThat(err.toString())
                .startsWith("error: " + weights + " does not fit the model (")
                .hasLineCount(1)
                .containsPattern("problems\\): \\(--verbose shows the other \\d+ lines and the stack trace\\)$");
        assertThat(run("--verbose", "eval", "--adapter", broken.toString(), "--data", eval.toString()))
                .isEqualTo(1);
        assertThat(err.toString()).contains("unknown tensor 'stray'", "\tat ");
    }

    private Path copyOfRun(String name) throws IOException {
        Path copy = Files.createDirectories(dir.resolve(name));
        try (var files = Files.list(run)) {
            for (Path file : files.toList()) {
                Files.copy(file, copy.resolve(file.getFileName()));
            }
        }
        return copy;
    }

    @Test
    void aModelFolderWithoutConfigJsonSaysWhatTheFolderNeeds() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("model"));
        Files.copy(tiny.resolve("model.safetensors"), empty.resolve("model.safetensors"));
        assertThat(run(
                        "finetune",
                        "--model",
                        empty.toString(),
                        "--train",
                        train.toString(),
                        "--eval",
                        eval.toString(),
                        "--out",
                        dir.resolve("out").toString()))
                .isEqualTo(1);
        assertOneLine(empty + ": no config.json", "a Hugging Face model folder holds config.json");
        assertThat(run("eval", "--adapter", run.toString(), "--data", eval.toString(), "--model", empty.toString()))
                .isEqualTo(1);
        assertOneLine(empty + ": no config.json");
    }

    @Test
    void aModelFolderWithAnotherModelsTokenizerIsRefused() throws IOException {
        Path folder = TinyModelFolder.write(dir.resolve("small-vocabulary"), 32, 1000);
        assertThat(run(
                        "finetune",
                        "--model",
                        folder.toString(),
                        "--train",
                        train.toString(),
                        "--eval",
                        eval.toString(),
                        "--out",
                        dir.resolve("out").toString()))
                .isEqualTo(1);
        assertOneLine(folder + ": tokenizer.json has ids up to 30521 but config.json gives vocab_size 1000; the "
                + "tokenizer belongs to another model");
    }

    @Test
    void aModelThatIsNeitherMiniLmNorAFolderIsAUsageError() {
        Path nowhere = dir.resolve("nowhere");
        assertThat(run(
                        "finetune",
                        "--model",
                        nowhere.toString(),
                        "--train",
                        train.toString(),
                        "--eval",
                        eval.toString(),
                        "--out",
                        dir.resolve("out").toString()))
                .isEqualTo(2);
        assertOneLine(
                "--model: '" + nowhere + "' is neither 'minilm' nor an existing folder",
                "(see 'more finetune --help')");
    }
}
