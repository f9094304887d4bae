package dev.more.explain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.more.kernels.MoReShape;
import dev.more.tensor.Rng;
import dev.more.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExplanationTest {
    @TempDir
    Path dir;

    @Test
    void writesReadableFiguresAPageThatShowsEachAndTheNumbers() throws IOException {
        MoReShape shape = MoReShape.of(10, 7, 3, 2, 0);
        TargetMatrix weight = TargetMatrix.normalized(
                "stand-in weight",
                "a Gaussian 32 x 32 stand-in",
                32,
                32,
                Tensor.randn(new Rng(1), 32 * 32).toArray());
        Explanation.Fit fit = new Explanation.Fit(
                new FitExperiment.Options(20, 0.05, 4, new int[] {1, 2}, 3),
                List.of(TargetMatrix.monarch(16, 4, 4, new Rng(2)), weight));
        List<String> log = new ArrayList<>();
        Explanation.Written written =
                Explanation.write(dir, new Explanation.Options(shape, 5, 5, weight, fit), log::add);

        assertThat(written.figures())
                .extracting(p -> p.getFileName().toString())
                .containsExactly(
                        "blkdiag1.png",
                        "blkdiag2.png",
                        "permutations.png",
                        "channel-trace.png",
                        "delta-w.png",
                        "singular-values.png",
                        "rank-vs-params.png",
                        "projection.png",
                        "fit.png");
        String html = Files.readString(written.index());
        for (Path png : written.figures()) {
            BufferedImage image = ImageIO.read(png.toFile());
            assertThat(image).as("%s is a PNG ImageIO reads", png).isNotNull();
            assertThat(image.getWidth()).isBetween(300, 2000);
            assertThat(image.getHeight()).isBetween(200, 1400);
            assertThat(html).contains("<img src=\"" + png.getFileName() + "\"");
        }
        assertThat(html).contains("10 inputs and 7 outputs").contains("42 trainable parameters");
        assertThat(log).anyMatch(line -> line.contains("MoRe rank 2")).anyMatch(line -> line.contains("LoRA rank 2"));

        JsonNode numbers =
                new ObjectMapper().readTree(dir.resolve("explain.json").toFile());
        assertThat(numbers.get("shape").get("out_blk").asInt()).isEqualTo(3);
        assertThat(numbers.get("trace").get("outputs").toString()).isEqualTo("[0,2,3,5,6]");
        assertThat(numbers.get("delta_rank").asInt()).isEqualTo(6);
        assertThat(numbers.get("delta_singular_values")).hasSize(7);
        assertThat(numbers.get("rank_table").get(0).get("measured_rank").asInt())
                .isEqualTo(1);
        for (JsonNode p : numbers.get("projection")) {
            assertThat(p.get("relative_error").asDouble()).isBetween(0.0, 1.0);
        }

        JsonNode fits =
                new ObjectMapper().readTree(dir.resolve("fit.json").toFile()).get("fits");
        assertThat(fits).hasSize(2 * 2 * 2);
        for (int i = 0; i < fits.size(); i += 2) {
            assertThat(fits.get(i).get("method").asText()).isEqualTo("MoRe");
            assertThat(fits.get(i + 1).get("method").asText()).isEqualTo("LoRA");
            assertThat(fits.get(i + 1).get("parameters").asLong())
                    .isEqualTo(fits.get(i).get("parameters").asLong());
            for (JsonNode f : List.of(fits.get(i), fits.get(i + 1))) {
                assertThat(f.get("fit_error").isNumber()).isTrue();
                assertThat(f.get("fit_error").asDouble()).isFinite().isBetween(0.0, 1.0);
                assertThat(f.get("best_error").asDouble()).isFinite().isBetween(0.0, 1.0);
            }
        }
    }

    @Test
    void withoutTheExperimentThereIsNoFitFigure() throws IOException {
        TargetMatrix weight = TargetMatrix.normalized(
                "w", "a 16 x 16 stand-in", 16, 16, Tensor.randn(new Rng(3), 256).toArray());
        Explanation.Written written = Explanation.write(
                dir, new Explanation.Options(MoReShape.of(16, 16, 4, 4, 0), 1, 0, weight, null), line -> {});
        assertThat(written.figures()).hasSize(8);
        assertThat(written.numbers())
                .extracting(p -> p.getFileName().toString())
                .containsExactly("explain.json");
        assertThat(Files.exists(dir.resolve("fit.png"))).isFalse();
        assertThat(Files.readString(written.index())).doesNotContain("fit.png");
    }
}
