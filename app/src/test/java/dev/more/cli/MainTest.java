package dev.more.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class MainTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void demoTrainsAndReportsTheLossDrop() {
        assertThat(run("demo", "--steps", "200", "--seed", "3")).isZero();
        assertThat(out.toString())
                .contains("SIMD")
                .contains("200/200")
                .containsPattern("Mean squared error [0-9.]+ -> [0-9.]+ \\(\\d+x lower\\)");
    }

    @Test
    void badUsageExitsWithTwoAndOneLine() {
        assertThat(run("demo", "--no-such-flag")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option: '--no-such-flag'");
        assertThat(run("demo", "--steps", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--steps must be at least 1");
        assertThat(run("demo", "--threads", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--threads must be at least 1, not 0");
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString()).contains("a command is needed");
    }

    @Test
    void helpAndVersion() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("demo").contains("Fine-tune transformers with MoRe");
        assertThat(run("demo", "--help")).isZero();
        assertThat(out.toString()).contains("--threads=N").contains("--seed");
        assertThat(run("--version")).isZero();
        assertThat(out.toString()).contains("Java 25");
    }
}
