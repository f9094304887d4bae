package dev.more.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.more.nn.models.PoolingMode;
import dev.more.train.data.LabelSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassifierFileTest {
    @TempDir
    Path dir;

    private static final String VALID = """
            {"base_model": "minilm", "labels": ["neg", "pos"], "integer_labels": false, "text_pair": false,
             "max_length": 64, "pooling": "mean"}
            """;

    @Test
    void roundTrips() throws IOException {
        ClassifierFile file = new ClassifierFile(
                "/models/bert", LabelSet.ofNames(List.of("0", "1", "2"), true), true, 48, PoolingMode.CLS);
        file.write(dir);
        ClassifierFile read = ClassifierFile.read(dir);
        assertThat(read.baseModel()).isEqualTo("/models/bert");
        assertThat(read.labels().names()).containsExactly("0", "1", "2");
        assertThat(read.labels().integers()).isTrue();
        assertThat(read.textPair()).isTrue();
        assertThat(read.maxLength()).isEqualTo(48);
        assertThat(read.pooling()).isEqualTo(PoolingMode.CLS);
        assertThat(dir.resolve("classifier.json.tmp")).doesNotExist();
    }

    private void assertFails(String json, String message) throws IOException {
        Files.writeString(dir.resolve(ClassifierFile.FILE_NAME), json);
        assertThatThrownBy(() -> ClassifierFile.read(dir))
                .isInstanceOf(RunFolderException.class)
                .hasMessage(dir.resolve(ClassifierFile.FILE_NAME) + message);
    }

    @Test
    void malformedFilesNameTheProblem() throws IOException {
        assertThatThrownBy(() -> ClassifierFile.read(dir))
                .isInstanceOf(RunFolderException.class)
                .hasMessage(dir + ": no classifier.json; is it a folder written by 'more finetune'?");
        assertThat(ClassifierFile.read(writeValid()).maxLength()).isEqualTo(64);
        assertFails("[]", ": expected a JSON object");
        assertFails(VALID.replace("\"base_model\": \"minilm\", ", ""), ": missing \"base_model\"");
        assertFails(VALID.replace("\"minilm\"", "3"), ": \"base_model\" must be a string, got 3");
        assertFails(
                VALID.replace("[\"neg\", \"pos\"]", "\"neg\""), ": \"labels\" must be a list of strings, got \"neg\"");
        assertFails(
                VALID.replace("[\"neg\", \"pos\"]", "[\"neg\", 1]"),
                ": \"labels\" must be a list of strings, got [\"neg\",1]");
        assertFails(
                VALID.replace("[\"neg\", \"pos\"]", "[\"neg\"]"), ": a label set needs at least two labels, got [neg]");
        assertFails(
                VALID.replace("[\"neg\", \"pos\"]", "[\"neg\", \"neg\"]"), ": label 'neg' appears twice in [neg, neg]");
        assertFails(
                VALID.replace("\"text_pair\": false", "\"text_pair\": \"no\""),
                ": \"text_pair\" must be true or false, got \"no\"");
        assertFails(VALID.replace("64", "6.5"), ": \"max_length\" must be an integer, got 6.5");
        assertFails(VALID.replace("64", "2"), ": max_length must be at least 3, not 2");
        assertFails(VALID.replace("\"mean\"", "\"max\""), ": \"pooling\" must be mean, cls or pooler, got \"max\"");
        Files.writeString(dir.resolve(ClassifierFile.FILE_NAME), "{\"base_model\": ");
        assertThatThrownBy(() -> ClassifierFile.read(dir))
                .isInstanceOf(RunFolderException.class)
                .hasMessageStartingWith(dir.resolve(ClassifierFile.FILE_NAME) + ": not valid JSON: ");
    }

    private Path writeValid() throws IOException {
        Files.writeString(dir.resolve(ClassifierFile.FILE_NAME), VALID);
        return dir;
    }
}
