package dev.more.explain;

import dev.more.adapters.MonarchProjection;
import dev.more.kernels.MoReShape;
import java.awt.Color;
import java.awt.image.BufferedImage;

/** The heat-map figures of one MoRe layer's structure: its factors, its permutations and its dense update. */
final class StructureFigures {
    private StructureFigures() {}

    /** {@code BD1} as a heat map, each block outlined, the padding columns boxed in grey. */
    static BufferedImage blockDiagonal1(MonarchAnatomy anatomy) {
        MoReShape s = anatomy.shape();
        HeatMap bd1 = new HeatMap(anatomy.blockDiagonal1(), HeatMap.Scale.DIVERGING)
                .title(
                        "blkdiag1 as the block-diagonal matrix BD1",
                        String.format(
                                "%d x %d: k = %d blocks of blk_r x in_blk = %d x %d, zero outside the outlined blocks",
                                s.middle(), s.paddedIn(), s.blocks(), s.blkR(), s.inBlk()))
                .axes("input feature (zero-padded to k·in_blk = " + s.paddedIn() + ")", "middle position h");
        for (int b = 0; b < s.blocks(); b++) {
            bd1.box(new HeatMap.Box(b * s.blkR(), b * s.inBlk(), s.blkR(), s.inBlk(), Color.BLACK));
        }
        if (s.paddedIn() > s.in()) {
            bd1.box(new HeatMap.Box(0, s.in(), s.middle(), s.paddedIn() - s.in(), Color.GRAY));
        }
        return bd1.render();
    }

    /** {@code BD2} as a heat map, each block outlined. */
    static BufferedImage blockDiagonal2(MonarchAnatomy anatomy) {
        MoReShape s = anatomy.shape();
        HeatMap bd2 = new HeatMap(anatomy.blockDiagonal2(), HeatMap.Scale.DIVERGING)
                .title(
                        "blkdiag2 as the block-diagonal matrix BD2",
                        String.format(
                                "%d x %d: k = %d blocks of out_blk x blk_r = %d x %d, zero outside the outlined blocks",
                                s.paddedOut(), s.middle(), s.blocks(), s.outBlk(), s.blkR()))
                .axes("middle position g (after P_mid)", "output position o (before P_out)");
        for (int b = 0; b < s.blocks(); b++) {
            bd2.box(new HeatMap.Box(b * s.outBlk(), b * s.blkR(), s.outBlk(), s.blkR(), Color.BLACK));
        }
        return bd2.render();
    }

    /** {@code P_mid} and {@code P_out} side by side as 0/1 matrices, the cut rows of {@code P_out} boxed. */
    static BufferedImage permutations(MonarchAnatomy anatomy) {
        MoReShape s = anatomy.shape();
        HeatMap mid = new HeatMap(anatomy.middlePermutation(), HeatMap.Scale.BINARY)
                .title(
                        "P_mid (" + s.middle() + " x " + s.middle() + ")",
                        "h position r·k + l  →  g position l·blk_r + r")
                .axes("source: h position", "destination: g position");
        HeatMap out = new HeatMap(anatomy.outputPermutation(), HeatMap.Scale.BINARY)
                .title(
                        "P_out (" + s.paddedOut() + " x " + s.paddedOut() + ")",
                        "o position l·out_blk + s  →  output feature s·k + l")
                .axes("source: o position", "destination: output feature");
        if (s.paddedOut() > s.out()) {
            out.box(new HeatMap.Box(s.out(), 0, s.paddedOut() - s.out(), s.paddedOut(), new Color(214, 39, 40)));
        }
        return Figures.sideBySide(
                "Permutations as matrices: in y = P · x, column i has its 1 (black) in the row x_i moves to",
                mid.render(),
                out.render());
    }

    /** ΔW as stored (the traced channel's column outlined) beside ΔW with rows grouped into its k × k tiles. */
    static BufferedImage deltaWeight(MonarchAnatomy anatomy, DenseMatrix delta, int channel) {
        MoReShape s = anatomy.shape();
        HeatMap stored = new HeatMap(delta, HeatMap.Scale.DIVERGING)
                .title(
                        "ΔW as stored (" + s.out() + " x " + s.in() + ")",
                        "column " + channel + " outlined: what input " + channel + " adds to each output")
                .axes("input feature", "output feature")
                .box(new HeatMap.Box(0, channel, s.out(), 1, new Color(44, 160, 44)));
        int[] order = anatomy.outputsByBlock();
        HeatMap grouped = new HeatMap(delta.rowsInOrder(order), HeatMap.Scale.DIVERGING)
                .title("ΔW, rows grouped by output block", tileRanks(s))
                .axes(
                        "input feature (input blocks of " + s.inBlk() + ")",
                        "output feature, grouped by block l = feature mod k")
                .rowLabels(order);
        int row = 0;
        for (int l = 0; l < s.blocks(); l++) {
            int rows = (s.out() - l + s.blocks() - 1) / s.blocks();
            for (int j = 0; j < s.blocks(); j++) {
                int cols = Math.min(s.inBlk(), s.in() - j * s.inBlk());
                if (rows > 0 && cols > 0) {
                    grouped.box(new HeatMap.Box(row, j * s.inBlk(), rows, cols, Color.BLACK));
                }
            }
            row += rows;
        }
        return Figures.sideBySide(
                "ΔW = P_out · BD2 · P_mid · BD1: the update merged into the weight", stored.render(), grouped.render());
    }

    /** "tile (l, j) has rank ≤ n" for every tile, or the range when tiles differ. */
    private static String tileRanks(MoReShape s) {
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (int l = 0; l < s.blocks(); l++) {
            for (int j = 0; j < s.blocks(); j++) {
                int n = MonarchProjection.slots(s, l, j).size();
                min = Math.min(min, n);
                max = Math.max(max, n);
            }
        }
        return min == max
                ? "a " + s.blocks() + " x " + s.blocks() + " grid of tiles, each of rank <= " + max
                : "a " + s.blocks() + " x " + s.blocks() + " grid of tiles of rank <= " + min + " to " + max;
    }
}
