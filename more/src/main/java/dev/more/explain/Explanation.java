package dev.more.explain;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.more.kernels.MoReShape;
import dev.more.tensor.Rng;
import dev.more.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * Writes a folder that explains one MoRe layer with pictures: the two block-diagonal factors, the two permutations,
 * where one input channel goes, the dense ΔW and its singular values, rank against parameters, and how well MoRe and
 * LoRA approximate a random and a real weight matrix; optionally the expressiveness experiment. The folder holds the
 * PNGs, an {@code index.html} that shows them with captions, and the numbers behind them as JSON.
 */
public final class Explanation {
    /** The nblocks values of the rank-versus-parameters figure. */
    static final int[] RANK_NBLOCKS = {1, 2, 4, 8};
    /** The blk_r sweep of the projection figure (values above the matrix's smaller side are dropped). */
    static final int[] PROJECTION_BLK_R = {1, 2, 4, 8, 16, 32, 64};

    private Explanation() {}

    /**
     * What to explain.
     *
     * @param shape the MoRe layer drawn in the first figures
     * @param seed the seed of the random factors and the random matrices
     * @param channel the input channel traced through the product
     * @param realWeight a real weight matrix for the projection figure
     * @param fit the expressiveness experiment's budget and targets, or null to skip it
     */
    public record Options(MoReShape shape, long seed, int channel, TargetMatrix realWeight, Fit fit) {
        /** Checks that the channel is an input feature. */
        public Options {
            Objects.requireNonNull(shape, "shape");
            Objects.requireNonNull(realWeight, "realWeight");
            if (channel < 0 || channel >= shape.in()) {
                throw new IllegalArgumentException(
                        "channel " + channel + " is not an input feature (0.." + (shape.in() - 1) + ")");
            }
        }
    }

    /**
     * The expressiveness experiment's part of the options.
     *
     * @param options the fitting budget
     * @param targets the matrices to fit
     */
    public record Fit(FitExperiment.Options options, List<TargetMatrix> targets) {
        /** Copies the list. */
        public Fit {
            targets = List.copyOf(targets);
        }
    }

    /**
     * What was written.
     *
     * @param folder the folder
     * @param figures the PNG files, in page order
     * @param index the HTML page
     * @param numbers the JSON files
     */
    public record Written(Path folder, List<Path> figures, Path index, List<Path> numbers) {}

    /** Writes the folder {@code dir} (created if needed); {@code log} hears one line per slow step. */
    public static Written write(Path dir, Options options, Consumer<String> log) throws IOException {
        Files.createDirectories(dir);
        MoReShape s = options.shape();
        Page page = new Page(dir);
        page.numbers.put("shape", shapeJson(s));
        page.numbers.put("seed", options.seed());
        MonarchAnatomy anatomy = MonarchAnatomy.random(s, new Rng(options.seed()));
        structure(page, anatomy, options);
        spectrum(page, anatomy, options.seed());
        rank(page, s, options.seed());
        log.accept(
                "projecting a random Gaussian and " + options.realWeight().name() + " onto MoRe and LoRA factors...");
        projection(page, s, options.realWeight(), options.seed());
        List<Path> json = new ArrayList<>();
        json.add(dir.resolve("explain.json"));
        if (options.fit() != null) {
            json.add(experiment(page, options.fit(), log));
        }
        writeJson(json.getFirst(), page.numbers);
        Path index = dir.resolve("index.html");
        IndexPage.write(
                index,
                "How a MoRe (Monarch) adapter is built",
                String.format(
                        "A MoRe adapter on a linear layer with %d inputs and %d outputs, nblocks %d, blk_r %d: in_blk = %d,"
                                + " k = %d blocks, out_blk = %d, %d trainable parameters (a dense update has %d), rank of ΔW up to %d."
                                + " Δ(x) = P_out · BD2 · P_mid · BD1 · x, with x zero-padded to %d and the result cut to %d. The numbers"
                                + " behind the figures are in explain.json.",
                        s.in(),
                        s.out(),
                        s.blocks(),
                        s.blkR(),
                        s.inBlk(),
                        s.blocks(),
                        s.outBlk(),
                        s.parameters(),
                        (long) s.in() * s.out(),
                        s.maxRank(),
                        s.paddedIn(),
                        s.out()),
                page.figures);
        List<Path> pngs = page.figures.stream().map(f -> dir.resolve(f.file())).toList();
        return new Written(dir, pngs, index, json);
    }

    /** The figures and numbers written so far. */
    private static final class Page {
        final Path dir;
        final List<IndexPage.Figure> figures = new ArrayList<>();
        final Map<String, Object> numbers = new LinkedHashMap<>();

        Page(Path dir) {
            this.dir = dir;
        }

        void add(String file, BufferedImage image, String title, String caption) throws IOException {
            Figures.writePng(image, dir.resolve(file));
            figures.add(new IndexPage.Figure(file, (figures.size() + 1) + ". " + title, caption));
        }
    }

    /** Figures 1 to 5: the factors, the permutations, a channel's paths and ΔW. */
    private static void structure(Page page, MonarchAnatomy anatomy, Options options) throws IOException {
        MoReShape s = anatomy.shape();
        page.add(
                "blkdiag1.png",
                StructureFigures.blockDiagonal1(anatomy),
                "blkdiag1 as a block-diagonal matrix",
                String.format(
                        "BD1 (%d x %d) holds the k = %d blocks of blkdiag1 (each blk_r x in_blk = %d x %d) on its"
                                + " diagonal and zeros elsewhere: block j turns input block j (features %d·j to %d·j + %d) into"
                                + " %d middle values.%s Random factors (seed %d) so the structure is visible.",
                        s.middle(),
                        s.paddedIn(),
                        s.blocks(),
                        s.blkR(),
                        s.inBlk(),
                        s.inBlk(),
                        s.inBlk(),
                        s.inBlk() - 1,
                        s.blkR(),
                        s.paddedIn() > s.in()
                                ? " The grey box marks the padding columns " + s.in() + ".."
                                        + (s.paddedIn() - 1)
                                        + ": they multiply the zeros appended to x, so their entries"
                                        + " never matter."
                                : "",
                        options.seed()));
        page.add(
                "blkdiag2.png",
                StructureFigures.blockDiagonal2(anatomy),
                "blkdiag2 as a block-diagonal matrix",
                String.format(
                        "BD2 (%d x %d) holds the k = %d blocks of blkdiag2 (each out_blk x blk_r = %d x %d):"
                                + " block l turns the %d middle values gathered for output block l into %d outputs.",
                        s.paddedOut(), s.middle(), s.blocks(), s.outBlk(), s.blkR(), s.blkR(), s.outBlk()));
        page.add(
                "permutations.png",
                StructureFigures.permutations(anatomy),
                "The two permutations",
                String.format(
                        "P_mid reads the %d middle values as a (blk_r, k) = (%d, %d) grid and writes it transposed, so output"
                                + " block l gathers position l of every input block's group; P_out interleaves the output blocks:"
                                + " position s of block l becomes feature s·k + l.%s",
                        s.middle(),
                        s.blkR(),
                        s.blocks(),
                        s.paddedOut() > s.out() ? " Rows past " + (s.out() - 1) + " (boxed) are cut off." : ""));
        ChannelTrace trace = anatomy.trace(options.channel());
        page.add(
                "channel-trace.png",
                new ChannelFlow(anatomy, options.channel()).render(),
                "Where one input channel goes",
                String.format(
                        "Every connection of the product in grey; in red the"
                                + " paths of input channel %d. It enters input block %d, whose blkdiag1 block maps it to %d"
                                + " middle values; P_mid sends them to %d output block(s), whose blkdiag2 blocks spread them"
                                + " over %d of the %d outputs. Colours show the input block each middle value comes from: with"
                                + " blk_r >= k every output block receives all k colours, i.e. sees every input block.",
                        trace.channel(),
                        trace.inputBlock(),
                        trace.hidden().length,
                        trace.blockOutputs().length / s.outBlk(),
                        trace.outputs().length,
                        s.out()));
        page.numbers.put("trace", trace);
        page.numbers.put("middle_destinations", anatomy.middleDestinations());
        page.numbers.put("output_destinations", anatomy.outputDestinations());
        page.add(
                "delta-w.png",
                StructureFigures.deltaWeight(anatomy, anatomy.deltaWeight(), options.channel()),
                "The dense update ΔW",
                String.format(
                        "ΔW = P_out · BD2 · P_mid · BD1 (%d x %d), the matrix the"
                                + " adapter adds to the layer's weight on merge. Left as stored, with input channel %d boxed;"
                                + " right with its rows grouped by output block, where it is a %d x %d grid of tiles: tile"
                                + " (l, j) is the product of the blkdiag2[l] columns and blkdiag1[j] rows of the middle slots"
                                + " linking l and j, so its rank is at most their number.",
                        s.out(), s.in(), options.channel(), s.blocks(), s.blocks()));
    }

    /** Figure 6: the singular values of ΔW beside those of a random LoRA product of the same size. */
    private static void spectrum(Page page, MonarchAnatomy anatomy, long seed) throws IOException {
        MoReShape s = anatomy.shape();
        DenseMatrix delta = anatomy.deltaWeight();
        int rank = delta.rank(RankTable.RANK_TOLERANCE);
        int loraRank = (int) Math.max(1, s.parameters() / (s.in() + s.out()));
        DenseMatrix lora = randomLora(s.out(), s.in(), loraRank, new Rng(seed + 1));
        double[] singular = delta.singularValues();
        double[] loraSingular = lora.singularValues();
        long loraParameters = (long) loraRank * (s.in() + s.out());
        page.add(
                "singular-values.png",
                Charts.singularValues(
                        singular,
                        "MoRe ΔW: rank " + rank + ", " + s.parameters() + " parameters",
                        loraSingular,
                        "LoRA B·A: rank " + loraRank + ", " + loraParameters + " parameters",
                        "Singular values of ΔW (random factors): MoRe vs LoRA at equal parameter count"),
                "Singular values of ΔW",
                String.format(
                        "With %d parameters MoRe's ΔW has rank %d (the bound"
                                + " min(k·blk_r, in, out) is %d); a random LoRA product B·A with %d parameters (rank %d) has %d"
                                + " non-zero singular values.",
                        s.parameters(),
                        rank,
                        s.maxRank(),
                        loraParameters,
                        loraRank,
                        lora.rank(RankTable.RANK_TOLERANCE)));
        page.numbers.put("delta_rank", rank);
        page.numbers.put("delta_singular_values", singular);
        page.numbers.put("lora_rank", loraRank);
        page.numbers.put("lora_singular_values", loraSingular);
    }

    /** Figure 7: rank against parameters for nblocks 1, 2, 4, 8 and LoRA, on the explained layer's size. */
    private static void rank(Page page, MoReShape s, long seed) throws IOException {
        int[] blkRs = IntStream.iterate(1, r -> r <= Math.min(s.in(), s.out()), r -> r * 2)
                .toArray();
        List<RankTable.Row> table = RankTable.of(s.in(), s.out(), RANK_NBLOCKS, blkRs, new Rng(seed + 2));
        page.add(
                "rank-vs-params.png",
                Charts.rankVsParameters(table, s.in(), s.out()),
                "Rank against parameter count",
                String.format(
                        "For this %d x %d layer, MoRe at nblocks 1, 2, 4 and 8 over blk_r = %s, against LoRA's"
                                + " line (rank r costs r·(in + out) parameters). MoRe with k blocks costs about what LoRA at"
                                + " rank blk_r costs, but its rank can reach k·blk_r, up to full rank; nblocks = 1 is exactly"
                                + " LoRA and its points lie on LoRA's line.%s",
                        s.out(),
                        s.in(),
                        Arrays.toString(blkRs),
                        table.getFirst().measuredRank() == null
                                ? " Ranks are the bound min(k·blk_r, in, out) (the layer is too large to measure"
                                        + " quickly)."
                                : " Ranks are measured (SVD of ΔW of random factors)."));
        page.numbers.put("rank_table", table);
    }

    /** Figure 8: projection error of a random Gaussian and of a real weight onto MoRe and LoRA factors. */
    private static void projection(Page page, MoReShape s, TargetMatrix real, long seed) throws IOException {
        TargetMatrix gaussian = gaussian(real.out(), real.in(), new Rng(seed + 3));
        int[] sweep = IntStream.of(PROJECTION_BLK_R)
                .filter(r -> r <= Math.min(real.in(), real.out()))
                .toArray();
        List<ProjectionSweep.Point> points = new ArrayList<>();
        for (TargetMatrix m : List.of(gaussian, real)) {
            points.addAll(ProjectionSweep.of(m.name(), m.values(), m.out(), m.in(), new int[] {s.blocks()}, sweep));
        }
        long largest = points.stream()
                .filter(p -> p.method().equals("MoRe"))
                .mapToLong(ProjectionSweep.Point::parameters)
                .max()
                .orElseThrow();
        List<String> atLargest = new ArrayList<>();
        for (TargetMatrix m : List.of(gaussian, real)) {
            atLargest.add(String.format(
                    Locale.ROOT,
                    "%s: MoRe %.3f, LoRA %.3f",
                    m.name(),
                    error(points, m.name(), "MoRe", largest),
                    error(points, m.name(), "LoRA", largest)));
        }
        page.add(
                "projection.png",
                Charts.projection(points),
                "Projection onto MoRe and LoRA factors",
                String.format(
                        "Relative Frobenius error of the best MoRe factors (Monarch projection, nblocks %d) and of the best"
                                + " LoRA factors (truncated SVD) with the same parameter count, over blk_r = %s, for %s and for %s."
                                + " At %,d parameters: %s. A random Gaussian has a flat spectrum and no block structure, so neither"
                                + " structure has an edge; a pretrained weight's decaying spectrum suits the truncated SVD.",
                        s.blocks(),
                        Arrays.toString(sweep),
                        gaussian.description(),
                        real.description(),
                        largest,
                        String.join("; ", atLargest)));
        page.numbers.put("projection", points);
    }

    private static double error(List<ProjectionSweep.Point> points, String matrix, String method, long parameters) {
        return points.stream()
                .filter(p -> p.matrix().equals(matrix) && p.method().equals(method) && p.parameters() == parameters)
                .findFirst()
                .orElseThrow()
                .relativeError();
    }

    /** Figure 9 and fit.json: the expressiveness experiment. */
    private static Path experiment(Page page, Fit fit, Consumer<String> log) throws IOException {
        log.accept("fitting " + fit.targets().size() + " targets with MoRe and LoRA by AdamW...");
        FitExperiment.Options fo = fit.options();
        List<FitExperiment.Fit> fits = FitExperiment.run(
                fit.targets(),
                fo,
                f -> log.accept(String.format(
                        "  %s, %s rank %d, %d parameters: residual %.4f (best %.4f)",
                        f.target(), f.method(), f.rank(), f.parameters(), f.fitError(), f.bestError())));
        page.add(
                "fit.png",
                Charts.fit(fits, fit.targets(), fo.steps()),
                "Expressiveness experiment",
                String.format(
                        "Each target (scaled to unit RMS entry) fitted by AdamW (%d steps, learning rate %s with cosine decay)"
                                + " with MoRe (nblocks %d, blk_r %s) and with LoRA of the same parameter count; the black dotted lines"
                                + " are the best each structure can do (Monarch projection, truncated SVD), so a coloured line under"
                                + " them means gradient descent found the optimum. Targets: %s. Numbers in fit.json.",
                        fo.steps(),
                        fo.learningRate(),
                        fo.nblocks(),
                        Arrays.toString(fo.blkRs()),
                        String.join(
                                "; ",
                                fit.targets().stream()
                                        .map(t -> t.name() + ": " + t.description())
                                        .toList())));
        Path file = page.dir.resolve("fit.json");
        writeJson(file, fitJson(fo, fit.targets(), fits));
        return file;
    }

    private static DenseMatrix randomLora(int out, int in, int rank, Rng rng) {
        Tensor b = Tensor.uniform(rng, -1f / (float) Math.sqrt(rank), 1f / (float) Math.sqrt(rank), out, rank);
        Tensor a = Tensor.uniform(rng, -1f / (float) Math.sqrt(in), 1f / (float) Math.sqrt(in), rank, in);
        return DenseMatrix.ofFloats(out, rank, b.toArray()).times(DenseMatrix.ofFloats(rank, in, a.toArray()));
    }

    private static TargetMatrix gaussian(int out, int in, Rng rng) {
        return TargetMatrix.normalized(
                "random Gaussian",
                "a random Gaussian " + out + " x " + in + " matrix",
                out,
                in,
                Tensor.randn(rng, out * in).toArray());
    }

    private static Map<String, Object> shapeJson(MoReShape s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("in", s.in());
        m.put("out", s.out());
        m.put("blocks", s.blocks());
        m.put("in_blk", s.inBlk());
        m.put("blk_r", s.blkR());
        m.put("out_blk", s.outBlk());
        m.put("parameters", s.parameters());
        m.put("max_rank", s.maxRank());
        return m;
    }

    private static Map<String, Object> fitJson(
            FitExperiment.Options o, List<TargetMatrix> targets, List<FitExperiment.Fit> fits) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("steps", o.steps());
        m.put("learning_rate", o.learningRate());
        m.put("nblocks", o.nblocks());
        m.put("blk_r", o.blkRs());
        m.put("seed", o.seed());
        m.put(
                "targets",
                targets.stream()
                        .map(t ->
                                Map.of("name", t.name(), "description", t.description(), "out", t.out(), "in", t.in()))
                        .toList());
        m.put("fits", fits);
        return m;
    }

    private static void writeJson(Path file, Object value) throws IOException {
        new ObjectMapper()
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .writerWithDefaultPrettyPrinter()
                .writeValue(file.toFile(), value);
    }
}
