package dev.more.explain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.more.adapters.MoReLinear;
import dev.more.adapters.MonarchProjection;
import dev.more.adapters.ScalerKind;
import dev.more.adapters.Svd;
import dev.more.kernels.MoReShape;
import dev.more.nn.layers.Linear;
import dev.more.nn.loader.MiniLm;
import dev.more.tensor.MoReOps;
import dev.more.tensor.Rng;
import dev.more.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code docs/monarch.md} honest: each number the tutorial quotes is computed here from the code and looked up
 * in the page as the phrase that quotes it (whitespace normalised, so line breaks do not matter). Each check names
 * the section of the page it covers. A change to the code that moves a number, or an edit of the page that changes
 * one, fails here.
 */
class TutorialNumbersTest {
    private static final Path DOCS = Path.of("..", "docs");
    private static final MoReShape EXAMPLE = MoReShape.of(10, 7, 3, 2, 0);
    private static String page;

    @BeforeAll
    static void readPage() throws IOException {
        Path file = DOCS.resolve("monarch.md");
        assertThat(file).as("the tutorial, read from the app module's folder").exists();
        page = Files.readString(file).replaceAll("\\s+", " ");
    }

    private static void says(String phrase) {
        String normalised = phrase.replaceAll("\\s+", " ");
        assertThat(page.contains(normalised))
                .as("docs/monarch.md should say: %s", normalised)
                .isTrue();
    }

    @Test
    void section1MonarchMatrix() {
        MoReShape monarch = MoReShape.of(16, 16, 4, 4, 0);
        // A square adapter with blk_r = in_blk is a full Monarch matrix: both factors have square 4 x 4 blocks.
        assertThat(monarch.inBlk()).isEqualTo(monarch.blkR());
        says("With in = out = 16, nblocks = 4 and blk_r = 4 the adapter is a full Monarch matrix: "
                + monarch.parameters() + " parameters where a dense update has " + 16 * 16);
    }

    @Test
    void section2ShapesOfTheWorkedExample() {
        MoReShape s = EXAMPLE;
        says("in_blk = ceil(10 / 3) = " + s.inBlk());
        says("k = ceil(10 / " + s.inBlk() + ") = " + s.blocks());
        says("out_blk = ceil(" + s.inBlk() + " · 7 / 10) = " + s.outBlk());
        says(String.format(
                "blkdiag1 is (%d, %d, %d): %d parameters; blkdiag2 is (%d, %d, %d): %d parameters; %d in all.",
                s.blocks(),
                s.blkR(),
                s.inBlk(),
                s.blkdiag1Size(),
                s.blocks(),
                s.outBlk(),
                s.blkR(),
                s.blkdiag2Size(),
                s.parameters()));
        says("x is padded from 10 to " + s.paddedIn() + " features (two zeros); the output is cut from " + s.paddedOut()
                + " to 7 features.");
        assertThat(s.paddedIn() - s.in()).isEqualTo(2);
        says("BD1 (" + s.middle() + " × " + s.paddedIn() + "): three " + s.blkR() + " × " + s.inBlk() + " blocks");
    }

    @Test
    void section3Permutations() {
        MonarchAnatomy anatomy = MonarchAnatomy.random(EXAMPLE, new Rng(1));
        says("P_mid sends h positions 0.." + (EXAMPLE.middle() - 1) + " to g positions "
                + Arrays.toString(anatomy.middleDestinations()));
        int[] out = anatomy.outputDestinations();
        says("P_out sends o positions 0.." + (EXAMPLE.paddedOut() - 1) + " to output features " + Arrays.toString(out));
        // "output block 0 becomes features 0, 3, 6; block 1 becomes 1, 4 (... feature 7, is cut); block 2 becomes
        // 2, 5 (feature 8 is cut)": block l's outputs are out[l·out_blk .. l·out_blk + out_blk - 1].
        assertThat(Arrays.copyOfRange(out, 0, 3)).containsExactly(0, 3, 6);
        assertThat(Arrays.copyOfRange(out, 3, 6)).containsExactly(1, 4, 7);
        assertThat(Arrays.copyOfRange(out, 6, 9)).containsExactly(2, 5, 8);
        says("output block 0 becomes features 0, 3, 6; block 1 becomes 1, 4 (its third output, feature 7, is cut); "
                + "block 2 becomes 2, 5 (feature 8 is cut)");
        assertThat(EXAMPLE.out()).isEqualTo(7);
    }

    @Test
    void section4WhatEachOutputBlockSees() {
        for (int l = 0; l < EXAMPLE.blocks(); l++) {
            final int block = l;
            int[] seen = IntStream.range(0, EXAMPLE.blocks())
                    .filter(j -> !MonarchProjection.slots(EXAMPLE, block, j).isEmpty())
                    .toArray();
            says("output block " + l + " sees " + (l == 0 ? "input blocks " : "") + Arrays.toString(seen));
        }
        ChannelTrace trace = MonarchAnatomy.random(EXAMPLE, new Rng(2)).trace(5);
        says("Input channel 5 (in input block " + trace.inputBlock()
                + ") therefore reaches output blocks 0 and 2, i.e. " + "outputs " + Arrays.toString(trace.outputs())
                + ": " + trace.outputs().length + " of the 7 outputs");
        assertThat(trace.blockOutputs()).containsExactly(0, 1, 2, 6, 7, 8);
        MonarchAnatomy square = MonarchAnatomy.random(MoReShape.of(16, 16, 4, 4, 0), new Rng(3));
        for (int c = 0; c < 16; c++) {
            assertThat(square.trace(c).outputs()).hasSize(16);
        }
        says("With the default 16 × 16, nblocks 4, blk_r 4, every channel reaches all 16 outputs.");
        // Tile ranks: "1 for every tile when blk_r = k, 0 or 1 in the example".
        assertThat(tileSlotCounts(MoReShape.of(16, 16, 4, 4, 0))).containsOnly(1);
        assertThat(tileSlotCounts(EXAMPLE)).containsOnly(0, 1).contains(0, 1);
        says("1 for every tile when blk_r = k, 0 or 1 in the example");
    }

    private static List<Integer> tileSlotCounts(MoReShape s) {
        List<Integer> counts = new ArrayList<>();
        for (int l = 0; l < s.blocks(); l++) {
            for (int j = 0; j < s.blocks(); j++) {
                counts.add(MonarchProjection.slots(s, l, j).size());
            }
        }
        return counts;
    }

    @Test
    void section5ParametersAndRank() {
        RankTable.Row example =
                RankTable.of(10, 7, new int[] {3}, new int[] {2}, new Rng(4)).getFirst();
        says("the example costs " + example.parameters() + ", where blk_r · (in + out) = 2 · 17 = " + 2 * 17);
        says("In the example the bound is min(" + EXAMPLE.middle() + ", 10, 7) = " + example.maxRank()
                + ", where LoRA with " + example.loraParameters() + " parameters has rank " + example.loraRank());
        assertThat(example.measuredRank()).as("random factors reach the bound").isEqualTo(example.maxRank());
        MoReShape miniLm = MoReShape.of(384, 384, 4, 4, 0);
        says("MoRe costs " + miniLm.parameters() + " parameters, exactly LoRA rank 4's " + 4 * (384 + 384)
                + ", and its ΔW can reach rank " + miniLm.maxRank());
        RankTable.Row monarch =
                RankTable.of(16, 16, new int[] {8}, new int[] {2}, new Rng(5)).getFirst();
        says("nblocks 8 with blk_r 2 reaches full rank " + monarch.measuredRank() + " with " + monarch.parameters()
                + " parameters, the budget of LoRA rank " + monarch.loraRank());
        MoReShape one = MoReShape.of(10, 7, 1, 2, 0);
        assertThat(one.blocks()).isEqualTo(1);
        assertThat(one.inBlk()).isEqualTo(10);
        assertThat(one.outBlk()).isEqualTo(7);
        says("With one block, k = 1: in_blk = in, out_blk = out, both permutations are the identity");
    }

    @Test
    void section6Merging() {
        Rng rng = new Rng(6);
        MonarchAnatomy anatomy = MonarchAnatomy.random(EXAMPLE, rng);
        MoReLinear layer = new MoReLinear(new Linear(10, 7, true, rng), EXAMPLE, ScalerKind.NONE, 0f, rng);
        layer.setFactors(anatomy.blkdiag1(), anatomy.blkdiag2());
        float[] eye = new float[100];
        for (int i = 0; i < 10; i++) {
            eye[i * 10 + i] = 1;
        }
        Tensor deltaOfIdentity = MoReOps.forward(
                        EXAMPLE, Tensor.fromArray(eye, 10, 10), anatomy.blkdiag1(), anatomy.blkdiag2(), false)
                .out();
        assertThat(deltaOfIdentity.shape()).containsExactly(10, 7);
        assertThat(layer.deltaWeight().shape()).containsExactly(7, 10);
        says("Δ(I) runs the adapter on the 10 rows of the 10 × 10 identity, giving a 10 × 7 matrix; its transpose, "
                + "7 × 10, is added to W");
    }

    @Test
    void section7ApproximationTablesAndTheCommittedExperiment() throws IOException {
        float[] query = MiniLm.load()
                .tensor("encoder.layer.0.attention.self.query.weight")
                .toArray();
        TargetMatrix real = TargetMatrix.normalized("MiniLM layer.0.attention.self.query", "query", 384, 384, query);
        // The same targets, seed and sizes as the command's defaults (--fit-size 64, --fit-nblocks 4, --seed 42).
        List<TargetMatrix> targets = FitExperiment.targets(64, 4, 42, real);
        Map<String, String> rows = Map.of(
                "low rank + noise",
                "low rank + noise (rank 8 plus 10% noise)",
                "block-diagonal",
                "block-diagonal (4 dense blocks plus 1% noise)",
                "Monarch (permuted blocks)",
                "Monarch (nblocks 4, blk_r 4, rank 16)");
        int[][] quoted = {{4, 8}, {4, 16}, {4, 8}};
        for (int t = 0; t < 3; t++) {
            TargetMatrix target = targets.get(t);
            double[] s =
                    Svd.of(ProjectionSweep.toDouble(target.values()), 64, 64).s();
            for (int blkR : quoted[t]) {
                MoReShape shape = MoReShape.of(64, 64, 4, blkR, 0);
                double more = MonarchProjection.project(target.values(), 64, 64, shape)
                        .relativeError();
                double lora = ProjectionSweep.truncationError(s, blkR);
                says(String.format(
                        Locale.ROOT,
                        "| %s | %d | %.2f | %.2f |",
                        rows.get(target.name()),
                        shape.parameters(),
                        more,
                        lora));
            }
        }
        List<ProjectionSweep.Point> points =
                ProjectionSweep.of("q", query, 384, 384, new int[] {4}, new int[] {4, 16, 64});
        for (int r : new int[] {4, 16, 64}) {
            ProjectionSweep.Point more = find(points, "MoRe", r);
            ProjectionSweep.Point lora = find(points, "LoRA", r);
            assertThat(lora.parameters()).isEqualTo(more.parameters());
            says(String.format(
                    Locale.ROOT,
                    "| %d | %.3f | %.3f |",
                    more.parameters(),
                    more.relativeError(),
                    lora.relativeError()));
        }
        // "gradient descent reached each of these optima to within 0.002": the committed fit.json, made by the command,
        // holds the same optima as computed here, and AdamW's residuals next to them.
        says("gradient descent reached each of these optima to within 0.002");
        JsonNode fit = new ObjectMapper()
                .readTree(DOCS.resolve("figures").resolve("fit.json").toFile());
        assertThat(fit.get("steps").asInt()).isEqualTo(300);
        says("AdamW on the autograd engine (" + fit.get("steps").asInt() + " steps");
        for (JsonNode f : fit.get("fits")) {
            assertThat(f.get("fit_error").asDouble() - f.get("best_error").asDouble())
                    .as(f.toString())
                    .isBetween(-1e-4, 0.002);
        }
        for (int t = 0; t < 3; t++) {
            TargetMatrix target = targets.get(t);
            MoReShape shape = MoReShape.of(64, 64, 4, 4, 0);
            double best =
                    MonarchProjection.project(target.values(), 64, 64, shape).relativeError();
            JsonNode committed = null;
            for (JsonNode f : fit.get("fits")) {
                if (f.get("target").asText().equals(target.name())
                        && f.get("method").asText().equals("MoRe")
                        && f.get("rank").asInt() == 4) {
                    committed = f;
                }
            }
            assertThat(committed)
                    .as("fit.json has %s at blk_r 4", target.name())
                    .isNotNull();
            assertThat(committed.get("best_error").asDouble())
                    .isCloseTo(best, org.assertj.core.data.Offset.offset(1e-6));
        }
    }

    private static ProjectionSweep.Point find(List<ProjectionSweep.Point> points, String method, int blkR) {
        long parameters = MoReShape.of(384, 384, 4, blkR, 0).parameters();
        return points.stream()
                .filter(p -> p.method().equals(method) && p.parameters() == parameters)
                .findFirst()
                .orElseThrow();
    }

    @Test
    void everyLinkedFigureExistsAndIsAPicture() throws IOException {
        Matcher links = Pattern.compile("\\]\\((figures/[^)]+\\.png)\\)").matcher(page);
        int count = 0;
        while (links.find()) {
            Path png = DOCS.resolve(links.group(1));
            assertThat(png).as("linked from docs/monarch.md").exists();
            assertThat(ImageIO.read(png.toFile())).as(png.toString()).isNotNull();
            count++;
        }
        assertThat(count).isGreaterThanOrEqualTo(10);
    }
}
