package dev.more.explain;

import dev.more.kernels.MoReShape;
import dev.more.tensor.Rng;
import java.util.ArrayList;
import java.util.List;

/**
 * Rank against parameter count for one layer size: MoRe at several nblocks and blk_r, with the rank of ΔW both as
 * the structure bounds it ({@code min(k·blk_r, in, out)}) and as measured on random factors, beside LoRA at the
 * same number of parameters ({@code r·(in + out)} for rank r).
 */
public final class RankTable {
    /** Relative singular-value cut-off for the measured rank; see {@link DenseMatrix#rank}. */
    static final double RANK_TOLERANCE = 1e-9;
    /** Layers up to this many features on each side get their rank measured (an SVD per configuration). */
    static final int MEASURE_LIMIT = 128;

    private RankTable() {}

    /**
     * One MoRe configuration.
     *
     * @param nblocks the nblocks asked for
     * @param shape the resulting block structure
     * @param parameters trainable parameters, {@code blk_r·k·(in_blk + out_blk)}
     * @param maxRank the bound {@code min(k·blk_r, in, out)}
     * @param measuredRank the numerical rank of ΔW for random factors, or null for layers over {@value #MEASURE_LIMIT}
     *     features, where the SVDs would take too long
     * @param loraRank the LoRA rank with at most as many parameters ({@code parameters / (in + out)}, rounded down)
     * @param loraParameters that LoRA's parameters
     */
    public record Row(
            int nblocks,
            MoReShape shape,
            long parameters,
            int maxRank,
            Integer measuredRank,
            int loraRank,
            long loraParameters) {}

    /**
     * The rows for {@code nblocks} × {@code blkRs} on an {@code in → out} layer, in that order; factors drawn from
     * {@code rng}. Configurations whose blocks would be narrower than their rank are kept (MoRe allows them); the
     * bound then shows the waste.
     */
    public static List<Row> of(int in, int out, int[] nblocks, int[] blkRs, Rng rng) {
        List<Row> rows = new ArrayList<>();
        for (int n : nblocks) {
            for (int r : blkRs) {
                MoReShape shape = MoReShape.of(in, out, n, r, 0);
                Integer measured = Math.max(in, out) > MEASURE_LIMIT
                        ? null
                        : MonarchAnatomy.random(shape, rng).deltaWeight().rank(RANK_TOLERANCE);
                int loraRank = (int) (shape.parameters() / (in + out));
                rows.add(new Row(
                        n,
                        shape,
                        shape.parameters(),
                        shape.maxRank(),
                        measured,
                        loraRank,
                        (long) loraRank * (in + out)));
            }
        }
        return rows;
    }
}
