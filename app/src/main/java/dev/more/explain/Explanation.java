package dev.more.explain;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.more.kernels.cpu.MoReShape;
import dev.more.tensor.Rng;
import dev.more.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
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

    private Explanation() {
    }

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
                throw new IllegalArgumentException("channel " + channel + " is not an input feature (0.."
                        + (shape.in() - 1) + ")");
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
    public record Written(Path folder, List<Path> figures, Path index, List<Path> numbers) {
    }

    /** Writes the folder {@code dir} (created if needed); {@code log} hears one line per slow step. */
    public static Written write(Path dir, Options options, Consumer<String> log) throws IOException {
        Files.createDirectories(dir);
        MoReShape s = options.shape();
        MonarchAnatomy anatomy = MonarchAnatomy.random(s, new Rng(options.seed()));
        DenseMatrix delta = anatomy.deltaWeight();
        List<IndexPage.Figure> figures = new ArrayList<>();
        Map<String, Object> numbers = new LinkedHashMap<>();
        numbers.put("shape", shapeJson(s));
        numbers.put("seed", options.seed());

        Figures.writePng(StructureFigures.blockDiagonal1(anatomy), dir.resolve("blkdiag1.png"));
        figures.add(new IndexPage.Figure("blkdiag1.png", "1. blkdiag1 as a block-diagonal matrix", String.format(
                "BD1 (%d x %d) holds the k = %d blocks of blkdiag1 (each blk_r x in_blk = %d x %d) on its diagonal and"
                + " zeros elsewhere: block j turns input block j (features %d·j to %d·j + %d) into %d middle values."
                + "%s Random factors (seed %d) so the structure is visible.", s.middle(), s.paddedIn(), s.blocks(),
                s.blkR(), s.inBlk(), s.inBlk(), s.inBlk(), s.inBlk() - 1, s.blkR(), s.paddedIn() > s.in()
                        ? " The grey box marks the padding columns " + s.in() + ".." + (s.paddedIn() - 1)
                        + ": they multiply the zeros appended to x, so their entries never matter." : "",
                options.seed())));
        Figures.writePng(StructureFigures.blockDiagonal2(anatomy), dir.resolve("blkdiag2.png"));
        figures.add(new IndexPage.Figure("blkdiag2.png", "2. blkdiag2 as a block-diagonal matrix", String.format(
                "BD2 (%d x %d) holds the k = %d blocks of blkdiag2 (each out_blk x blk_r = %d x %d): block l turns the"
                + " %d middle values gathered for output block l into %d outputs.", s.paddedOut(), s.middle(),
                s.blocks(), s.outBlk(), s.blkR(), s.blkR(), s.outBlk())));

        Figures.writePng(StructureFigures.permutations(anatomy), dir.resolve("permutations.png"));
        figures.add(new IndexPage.Figure("permutations.png", "3. The two permutations", String.format(
                "P_mid reads the %d middle values as a (blk_r, k) = (%d, %d) grid and writes it transposed, so output"
                + " block l gathers position l of every input block's group; P_out interleaves the output blocks:"
                + " position s of block l becomes feature s·k + l.%s", s.middle(), s.blkR(), s.blocks(),
                s.paddedOut() > s.out() ? " Rows past " + (s.out() - 1) + " (boxed) are cut off." : "")));

        ChannelTrace trace = anatomy.trace(options.channel());
        Figures.writePng(new ChannelFlow(anatomy, options.channel()).render(), dir.resolve("channel-trace.png"));
        figures.add(new IndexPage.Figure("channel-trace.png", "4. Where one input channel goes", String.format(
                "Every connection of the product in grey; in red the paths of input channel %d. It enters input block"
                + " %d, whose blkdiag1 block maps it to %d middle values; P_mid sends them to %d output block(s), whose"
                + " blkdiag2 blocks spread them over %d of the %d outputs. Colours show the input block each middle"
                + " value comes from: with blk_r >= k every output block receives all k colours, i.e. sees every input"
                + " block.", trace.channel(), trace.inputBlock(), trace.hidden().length,
                trace.blockOutputs().length / s.outBlk(), trace.outputs().length, s.out())));
        numbers.put("trace", trace);
        numbers.put("middle_destinations", anatomy.middleDestinations());
        numbers.put("output_destinations", anatomy.outputDestinations());

        Figures.writePng(StructureFigures.deltaWeight(anatomy, delta, options.channel()), dir.resolve("delta-w.png"));
        int rank = delta.rank(RankTable.RANK_TOLERANCE);
        figures.add(new IndexPage.Figure("delta-w.png", "5. The dense update ΔW", String.format(
                "ΔW = P_out · BD2 · P_mid · BD1 (%d x %d), the matrix the adapter adds to the layer's weight on merge."
                + " Left as stored, with input channel %d boxed; right with its rows grouped by output block, where it"
                + " is a %d x %d grid of tiles: tile (l, j) is the product of the blkdiag2[l] columns and blkdiag1[j]"
                + " rows of the middle slots linking l and j, so its rank is at most their number.", s.out(), s.in(),
                options.channel(), s.blocks(), s.blocks())));

        int loraRank = (int) Math.max(1, s.parameters() / (s.in() + s.out()));
        double[] loraSingular = randomLora(s.out(), s.in(), loraRank, new Rng(options.seed() + 1)).singularValues();
        double[] singular = delta.singularValues();
        Figures.writePng(Charts.singularValues(singular, "MoRe ΔW: rank " + rank + ", " + s.parameters() + " parameters",
                loraSingular, "LoRA B·A: rank " + loraRank + ", " + (long) loraRank * (s.in() + s.out()) + " parameters",
                "Singular values of ΔW (random factors): MoRe vs LoRA at equal parameter count"),
                dir.resolve("singular-values.png"));
        figures.add(new IndexPage.Figure("singular-values.png", "6. Singular values of ΔW", String.format(
                "With %d parameters MoRe's ΔW has rank %d (the bound min(k·blk_r, in, out) is %d); a LoRA product with"
                + " the same budget, rank %d, has %d non-zero singular values.", s.parameters(), rank, s.maxRank(),
                loraRank, loraRank)));
        numbers.put("delta_rank", rank);
        numbers.put("delta_singular_values", singular);
        numbers.put("lora_rank", loraRank);
        numbers.put("lora_singular_values", loraSingular);

        int[] blkRs = IntStream.iterate(1, r -> r <= Math.min(s.in(), s.out()), r -> r * 2).toArray();
        List<RankTable.Row> table = RankTable.of(s.in(), s.out(), RANK_NBLOCKS, blkRs, new Rng(options.seed() + 2));
        Figures.writePng(Charts.rankVsParameters(table, s.in(), s.out()), dir.resolve("rank-vs-params.png"));
        figures.add(new IndexPage.Figure("rank-vs-params.png", "7. Rank against parameter count", String.format(
                "For this %d x %d layer, MoRe at nblocks 1, 2, 4 and 8 over blk_r = %s, against LoRA's line (rank r"
                + " costs r·(in + out) parameters). At the same parameter count MoRe's rank reaches nblocks times"
                + " LoRA's, up to full rank; nblocks = 1 is exactly LoRA and its points lie on LoRA's line.%s",
                s.out(), s.in(), Arrays.toString(blkRs), table.getFirst().measuredRank() == null
                        ? " Ranks are the bound min(k·blk_r, in, out) (the layer is too large to measure quickly)."
                        : " Ranks are measured (SVD of ΔW of random factors).")));
        numbers.put("rank_table", table);

        log.accept("projecting a random Gaussian and " + options.realWeight().name() + " onto MoRe and LoRA factors...");
        TargetMatrix real = options.realWeight();
        TargetMatrix gaussian = gaussian(real.out(), real.in(), new Rng(options.seed() + 3));
        int[] sweep = IntStream.of(PROJECTION_BLK_R).filter(r -> r <= Math.min(real.in(), real.out())).toArray();
        List<ProjectionSweep.Point> points = new ArrayList<>();
        for (TargetMatrix m : List.of(gaussian, real)) {
            points.addAll(ProjectionSweep.of(m.name(), m.values(), m.out(), m.in(), new int[] {s.blocks()}, sweep));
        }
        Figures.writePng(Charts.projection(points), dir.resolve("projection.png"));
        figures.add(new IndexPage.Figure("projection.png", "8. Projection onto MoRe and LoRA factors", String.format(
                "Relative Frobenius error of the best MoRe factors (Monarch projection, nblocks %d) and of the best"
                + " LoRA factors (truncated SVD) with the same parameter count, over blk_r = %s, for %s and for %s."
                + " A random Gaussian matrix has a flat spectrum and no block structure, so neither does well and their"
                + " curves coincide; the"
                + " pretrained weight's spectrum decays, which favours the truncated SVD.", s.blocks(),
                Arrays.toString(sweep), gaussian.description(), real.description())));
        numbers.put("projection", points);

        List<Path> json = new ArrayList<>();
        if (options.fit() != null) {
            log.accept("fitting " + options.fit().targets().size() + " targets with MoRe and LoRA by AdamW...");
            FitExperiment.Options fo = options.fit().options();
            List<FitExperiment.Fit> fits = FitExperiment.run(options.fit().targets(), fo, f -> log.accept(String.format(
                    "  %s, %s rank %d, %d parameters: residual %.4f (best %.4f)", f.target(), f.method(), f.rank(),
                    f.parameters(), f.fitError(), f.bestError())));
            Figures.writePng(Charts.fit(fits, options.fit().targets(), fo.steps()), dir.resolve("fit.png"));
            figures.add(new IndexPage.Figure("fit.png", "9. Expressiveness experiment", String.format(
                    "Each target (scaled to unit RMS entry) fitted by AdamW (%d steps, learning rate %s with cosine"
                    + " decay) with MoRe (nblocks %d, blk_r %s) and with LoRA of the same parameter count; the black"
                    + " dotted lines are the best each structure can do (Monarch projection, truncated SVD), so a"
                    + " coloured line under them means gradient descent found the optimum. Targets: %s. Numbers in fit.json.", fo.steps(),
                    fo.learningRate(), fo.nblocks(), Arrays.toString(fo.blkRs()),
                    String.join("; ", options.fit().targets().stream().map(t -> t.name() + ": " + t.description())
                            .toList()))));
            Path fitJson = dir.resolve("fit.json");
            writeJson(fitJson, fitJson(fo, options.fit().targets(), fits));
            json.add(fitJson);
        }
        Path numbersJson = dir.resolve("explain.json");
        writeJson(numbersJson, numbers);
        json.addFirst(numbersJson);
        Path index = dir.resolve("index.html");
        IndexPage.write(index, "How a MoRe (Monarch) adapter is built", String.format(
                "A MoRe adapter on a linear layer with %d inputs and %d outputs, nblocks %d, blk_r %d: in_blk = %d,"
                + " k = %d blocks, out_blk = %d, %d trainable parameters (a dense update has %d), rank of ΔW up to %d."
                + " Δ(x) = P_out · BD2 · P_mid · BD1 · x, with x zero-padded to %d and the result cut to %d. The numbers"
                + " behind the figures are in explain.json.", s.in(), s.out(), s.blocks(), s.blkR(), s.inBlk(),
                s.blocks(), s.outBlk(), s.parameters(), (long) s.in() * s.out(), s.maxRank(), s.paddedIn(), s.out()),
                figures);
        List<Path> pngs = figures.stream().map(f -> dir.resolve(f.file())).toList();
        return new Written(dir, pngs, index, json);
    }

    private static DenseMatrix randomLora(int out, int in, int rank, Rng rng) {
        Tensor b = Tensor.uniform(rng, -1f / (float) Math.sqrt(rank), 1f / (float) Math.sqrt(rank), out, rank);
        Tensor a = Tensor.uniform(rng, -1f / (float) Math.sqrt(in), 1f / (float) Math.sqrt(in), rank, in);
        return DenseMatrix.ofFloats(out, rank, b.toArray()).times(DenseMatrix.ofFloats(rank, in, a.toArray()));
    }

    private static TargetMatrix gaussian(int out, int in, Rng rng) {
        return TargetMatrix.normalized("random Gaussian", "a random Gaussian " + out + " x " + in + " matrix", out, in,
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

    private static Map<String, Object> fitJson(FitExperiment.Options o, List<TargetMatrix> targets,
                                               List<FitExperiment.Fit> fits) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("steps", o.steps());
        m.put("learning_rate", o.learningRate());
        m.put("nblocks", o.nblocks());
        m.put("blk_r", o.blkRs());
        m.put("seed", o.seed());
        m.put("targets", targets.stream().map(t -> Map.of("name", t.name(), "description", t.description(),
                "out", t.out(), "in", t.in())).toList());
        m.put("fits", fits);
        return m;
    }

    private static void writeJson(Path file, Object value) throws IOException {
        new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).writerWithDefaultPrettyPrinter().writeValue(file.toFile(), value);
    }
}
