package dev.more.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExplainCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    private int run(String... args) {
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void writesFiguresOfTheDefaultModelsWeightAndTheExperiment() throws IOException {
        Path folder = dir.resolve("pictures");
        assertThat(run(
                        "explain",
                        "--out",
                        folder.toString(),
                        "--experiment",
                        "--fit-steps",
                        "5",
                        "--fit-size",
                        "16",
                        "--fit-blk-r",
                        "1,2",
                        "--threads",
                        "2"))
                .as(err.toString())
                .isZero();
        assertThat(out.toString())
                .contains("wrote 9 figures, index.html and explain.json, fit.json to")
                .contains("open " + folder.toAbsolutePath().resolve("index.html"))
                .contains("MiniLM layer.0.attention.self.query, LoRA rank 2, 1536 parameters");
        List<Path> pngs;
        try (Stream<Path> files = Files.list(folder)) {
            pngs = files.filter(p -> p.toString().endsWith(".png")).sorted().toList();
        }
        assertThat(pngs).hasSize(9);
        String html = Files.readString(folder.resolve("index.html"));
        for (Path png : pngs) {
            assertThat(ImageIO.read(png.toFile())).as(png.toString()).isNotNull();
            assertThat(html).contains("src=\"" + png.getFileName() + "\"");
        }
        assertThat(Files.readString(folder.resolve("explain.json")))
                .contains("\"matrix\" : \"MiniLM layer.0.attention.self.query\"");
    }

    @Test
    void badUsageExitsWithTwoBeforeAnyWork() {
        assertThat(run("explain", "--channel", "16", "--out", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--channel must be an input feature, 0..15, not 16");
        assertThat(run("explain", "--experiment", "--fit-size", "10", "--out", dir.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--fit-size must be a multiple of --fit-nblocks (4)");
        assertThat(run("explain", "--in-features", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--in-features and --out-features must be at least 1");
        assertThat(run("explain", "--model", dir.resolve("missing").toString(), "--out", dir.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("is not a folder");
        assertThat(out.toString()).doesNotContain("loading");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).isEmpty();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void anUnknownWeightIsOneClearFailure() {
        assertThat(run("explain", "--weight", "no.such.weight", "--out", dir.toString()))
                .isEqualTo(1);
        assertThat(err.toString()).contains("error: no parameter named 'no.such.weight'");
    }
}
