package dev.more.train.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataFilesTest {
    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private void assertFails(String name, String content, String message) throws IOException {
        Path file = write(name, content);
        assertThatThrownBy(() -> DataFiles.read(file))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(file + message);
    }

    /** For messages that quote the JSON parser, whose wording beyond the first words is its own. */
    private void assertFailsStartingWith(String name, String content, String message) throws IOException {
        Path file = write(name, content);
        assertThatThrownBy(() -> DataFiles.read(file))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(file + message);
    }

    @Test
    void readsJsonlWithStringAndIntegerLabelsAndIgnoresOtherKeys() throws IOException {
        Path file = write(
                "d.jsonl",
                "{\"text\": \"good\", \"label\": \"pos\", \"id\": 7}\n\n"
                        + "{\"label\": 3, \"text\": \"bad \\\"x\\\"\"}\r\n");
        Dataset data = DataFiles.read(file);
        assertThat(data.examples())
                .containsExactly(new Example("good", null, "pos", 1), new Example("bad \"x\"", null, "3", 3));
        assertThat(data.isPairs()).isFalse();
        assertThat(data.source()).isEqualTo(file.toString());
    }

    @Test
    void readsJsonlPairs() throws IOException {
        Dataset data = DataFiles.read(
                write(
                        "p.jsonl",
                        "{\"text\": \"a\", \"text_pair\": \"b\", \"label\": 1}\n{\"text\": \"c\", \"text_pair\": \"d\", \"label\": 0}"));
        assertThat(data.isPairs()).isTrue();
        assertThat(data.examples().get(1)).isEqualTo(new Example("c", "d", "0", 2));
    }

    @Test
    void jsonlErrorsNameTheLine() throws IOException {
        assertFailsStartingWith(
                "a.jsonl",
                "{\"text\": \"x\", \"label\": 1}\n{\"text\": \"y\", \"label\": 1",
                ":2: not valid JSON: Unexpected end-of-input");
        assertFails(
                "b.jsonl",
                "[1, 2]\n",
                ":1: expected a JSON object such as {\"text\": \"...\", \"label\": \"...\"}, got array");
        assertFails("c.jsonl", "{\"label\": 1}\n", ":1: missing \"text\"");
        assertFails("d.jsonl", "{\"text\": \"x\"}\n", ":1: missing \"label\"");
        assertFails(
                "e.jsonl",
                "{\"text\": \"x\", \"label\": 1.5}\n",
                ":1: \"label\" must be a non-empty string or an integer, got 1.5");
        assertFails(
                "f.jsonl",
                "{\"text\": \"x\", \"label\": true}\n",
                ":1: \"label\" must be a non-empty string or an integer, got true");
        assertFails("g.jsonl", "{\"text\": 5, \"label\": \"a\"}\n", ":1: \"text\" must be a string, got 5");
        assertFails("h.jsonl", "{\"text\": \"  \", \"label\": \"a\"}\n", ":1: \"text\" is empty");
        assertFailsStartingWith(
                "i.jsonl",
                "{\"text\": \"x\", \"label\": \"a\"} {\"text\": \"y\"}\n",
                ":1: not valid JSON: Trailing token");
        assertFails(
                "j.jsonl",
                "\n  \n",
                ": no examples (the file is empty); expected one JSON object per line, "
                        + "e.g. {\"text\": \"...\", \"label\": \"...\"}");
        assertFails(
                "k.jsonl",
                "{\"text\": \"a\", \"label\": 1}\n{\"text\": \"b\", \"text_pair\": \"c\", \"label\": 1}\n",
                ":2: has a text_pair, unlike the first example (line 1); a file holds either single texts or pairs");
    }

    @Test
    void readsCsvWithColumnsInAnyOrderAndQuoting() throws IOException {
        Dataset data = DataFiles.read(
                write("d.csv", "\uFEFFid,label,text\n1,pos,\"good, really\"\n2,neg,\"a \"\"bad\"\" one\"\n"));
        assertThat(data.examples())
                .containsExactly(
                        new Example("good, really", null, "pos", 2), new Example("a \"bad\" one", null, "neg", 3));
    }

    @Test
    void readsCsvPairs() throws IOException {
        Dataset data = DataFiles.read(write("p.csv", "text,text_pair,label\na,b,1\n"));
        assertThat(data.examples()).containsExactly(new Example("a", "b", "1", 2));
    }

    @Test
    void csvErrorsNameTheLine() throws IOException {
        assertFails(
                "a.csv",
                "text,label\nhello, world,pos\n",
                ":2: 3 fields, but the header has 2 (text,label); quote fields that contain commas");
        assertFails(
                "b.csv",
                "sentence,label\nx,1\n",
                ":1: the header has no 'text' column (it has sentence,label); expected text,label, and text_pair for pairs");
        assertFails(
                "c.csv",
                "text,class\nx,1\n",
                ":1: the header has no 'label' column (it has text,class); expected text,label, and text_pair for pairs");
        assertFails("d.csv", "text,label,text\nx,1,y\n", ":1: the header names the column 'text' twice");
        assertFails(
                "e.csv", "", ": no examples (the file is empty); expected a header text,label and one row per example");
        assertFails("f.csv", "text,label\n", ": no examples (only the header)");
        assertFails("g.csv", "text,label\nx,1\n,2\n", ":3: empty text");
        assertFails("h.csv", "text,label\nx, \n", ":2: empty label");
        assertFails("i.csv", "text,label\n\"x,1\n", ":2: the quoted field opened at column 1 is never closed");
    }

    @Test
    void fileErrors() throws IOException {
        assertThatThrownBy(() -> DataFiles.read(dir.resolve("missing.jsonl")))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(dir.resolve("missing.jsonl") + ": no such file");
        assertFails(
                "data.txt",
                "x",
                ": unknown data format; name the file *.jsonl (one JSON object per line) or "
                        + "*.csv (with a header text,label)");
        Path binary = Files.write(dir.resolve("bin.csv"), new byte[] {'t', ',', (byte) 0xC3, (byte) 0x28});
        assertThatThrownBy(() -> DataFiles.read(binary))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(binary + ": not valid UTF-8 text");
        Path folder = Files.createDirectory(dir.resolve("folder.csv"));
        assertThatThrownBy(() -> DataFiles.read(folder))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(folder + ": is a folder, not a data file");
    }
}
