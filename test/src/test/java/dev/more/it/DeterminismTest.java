package dev.more.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.more.demo.SyntheticRegression;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A seed fixes every bit of a run, whether the kernels run interpreted or JIT-compiled. This fails if a
 * kernel uses a Vector API operation whose compiled (intrinsic) result differs from its interpreted one.
 */
class DeterminismTest {
    @Test
    void interpretedAndCompiledRunsAgreeBitForBit() throws IOException, InterruptedException {
        for (int warmUp = 0; warmUp < 20; warmUp++) {
            SyntheticRegression.run(LossPrinter.CONFIG, (step, loss) -> {});
        }
        String compiled = LossPrinter.bits(
                SyntheticRegression.run(LossPrinter.CONFIG, (step, loss) -> {}).losses());

        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(List.of(
                        java.toString(),
                        "--add-modules",
                        "jdk.incubator.vector",
                        "-Xint",
                        "-cp",
                        System.getProperty("java.class.path"),
                        LossPrinter.class.getName()))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String interpreted = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isZero();
        assertThat(interpreted).isEqualTo(compiled);
    }
}
