package dev.more.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.more.nn.embed.SentenceEmbedder;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbedCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SENTENCES =
            List.of("A man is playing a guitar.", "Café prices rose by 12% in Zürich, \"officially\".", "short");

    private static SentenceEmbedder embedder;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    @BeforeAll
    static void load() throws IOException {
        embedder = SentenceEmbedder.miniLm();
    }

    private int run(String... args) {
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void printsTheTextsAndTheEmbedderVectorsAsJson() throws IOException {
        Path file = Files.writeString(dir.resolve("lines.txt"), SENTENCES.get(1) + "\n\n" + SENTENCES.get(2) + "\n");

        assertThat(run("embed", "--text", SENTENCES.get(0), "--file", file.toString()))
                .isZero();
        assertThat(err.toString()).isEmpty();
        JsonNode root = JSON.readTree(out.toString());
        float[][] expected = embedder.embed(SENTENCES);
        assertThat(root.size()).isEqualTo(3);
        for (int i = 0; i < SENTENCES.size(); i++) {
            assertThat(root.get(i).get("text").asText()).isEqualTo(SENTENCES.get(i));
            assertThat(vector(root.get(i).get("embedding")))
                    .as(SENTENCES.get(i))
                    .containsExactly(expected[i]);
        }
        assertThat(out.toString().lines()).as("one object per line").hasSize(5);
    }

    @Test
    void noNormalizeGivesTheMeanPoolAndOutWritesTheFile() throws IOException {
        Path outDir = dir.resolve("run/embeddings");

        assertThat(run("embed", "--text", SENTENCES.get(0), "--no-normalize", "--out", outDir.toString()))
                .isZero();
        Path written = outDir.resolve(EmbedCommand.OUTPUT_FILE);
        assertThat(out.toString().trim()).isEqualTo("Wrote 1 embedding(s) of dimension 384 to " + written);
        float[] vector = vector(JSON.readTree(written.toFile()).get(0).get("embedding"));
        assertThat(vector).containsExactly(embedder.embed(List.of(SENTENCES.get(0)), false)[0]);
        double norm = 0;
        for (float v : vector) {
            norm += v * v;
        }
        assertThat(Math.sqrt(norm)).as("a mean pool, not a unit vector").isNotCloseTo(1.0, within(0.01));
        try (var files = Files.list(outDir)) {
            assertThat(files).as("no temporary file left").containsExactly(written);
        }
    }

    @Test
    void badInputsAreUsageErrorsWithOneClearLine() throws IOException {
        assertThat(run("embed")).isEqualTo(2);
        assertThat(err.toString()).contains("nothing to embed: give --text TEXT (repeatable) or --file FILE");
        Path missing = dir.resolve("missing.txt");
        assertThat(run("embed", "--file", missing.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--file: " + missing + ": no such file");
        assertThat(run("embed", "--file", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--file: " + dir + ": not a regular file");
        Path blank = Files.writeString(dir.resolve("blank.txt"), "\n  \n");
        assertThat(run("embed", "--file", blank.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("holds no sentences (every line is blank)");
        assertThat(run("embed", "--text", "ok", "--text", " ")).isEqualTo(2);
        assertThat(err.toString()).contains("--text: sentence 2 is blank");
        assertThat(run("embed", "--text", "x", "--model", dir.resolve("nowhere").toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("is neither 'minilm' nor an existing folder");
        assertThat(run("embed", "--text", "x", "--threads", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--threads must be at least 1, not 0");
    }

    @Test
    void aFolderThatIsNoModelOrABadFileFailsWithExitOne() throws IOException {
        assertThat(run("embed", "--text", "x", "--model", dir.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("error: " + dir + ": no config.json");
        Path latin1 = Files.write(dir.resolve("latin1.txt"), new byte[] {'c', 'a', 'f', (byte) 0xE9, '\n'});
        assertThat(run("embed", "--file", latin1.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("error: " + latin1 + ": not valid UTF-8 text");
        assertThat(err.toString().lines().filter(l -> l.startsWith("error:"))).hasSize(2);
    }

    @Test
    void helpNamesTheFlags() {
        assertThat(run("embed", "--help")).isZero();
        assertThat(out.toString())
                .contains(
                        "--text=TEXT",
                        "--file=FILE",
                        "--model=minilm|PATH",
                        "--[no-]normalize",
                        "--out=DIR",
                        "--threads=N");
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("embed");
    }

    private static float[] vector(JsonNode array) {
        float[] v = new float[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = array.get(i).floatValue();
        }
        return v;
    }
}
