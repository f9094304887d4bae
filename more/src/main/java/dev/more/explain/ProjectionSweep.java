package dev.more.explain;

import dev.more.adapters.MonarchProjection;
import dev.more.adapters.Svd;
import dev.more.kernels.MoReShape;
import java.util.ArrayList;
import java.util.List;

/**
 * How well a matrix is approximated by MoRe factors and by LoRA factors of the same size: the relative Frobenius
 * error of the Monarch projection (the best MoRe factors, see {@link MonarchProjection}) against that of the
 * truncated SVD (the best rank-r factors, by Eckart–Young), over a sweep of blk_r.
 */
public final class ProjectionSweep {
    private ProjectionSweep() {}

    /**
     * One approximation.
     *
     * @param matrix what was approximated
     * @param method {@code "MoRe"} or {@code "LoRA"}
     * @param nblocks MoRe's nblocks (1 for LoRA)
     * @param rank blk_r for MoRe, r for LoRA
     * @param parameters trainable parameters of the factors
     * @param relativeError {@code ‖W − approximation‖_F / ‖W‖_F}
     */
    public record Point(String matrix, String method, int nblocks, int rank, long parameters, double relativeError) {}

    /**
     * MoRe at each {@code nblocks} × {@code blkRs}, then LoRA at the rank with the same parameter count
     * ({@code parameters / (in + out)}, rounded down; equal when the blocks divide the layer) for each MoRe point
     * of the first nblocks, for the row-major (out × in) matrix {@code w} called {@code name}.
     */
    public static List<Point> of(String name, float[] w, int out, int in, int[] nblocks, int[] blkRs) {
        List<Point> points = new ArrayList<>();
        for (int n : nblocks) {
            for (int r : blkRs) {
                MoReShape shape = MoReShape.of(in, out, n, r, 0);
                double error = MonarchProjection.project(w, out, in, shape).relativeError();
                points.add(new Point(name, "MoRe", n, r, shape.parameters(), error));
            }
        }
        double[] s = Svd.of(toDouble(w), out, in).s();
        for (int r : blkRs) {
            long parameters = MoReShape.of(in, out, nblocks[0], r, 0).parameters();
            int rank = (int) Math.max(1, parameters / (in + out));
            points.add(new Point(name, "LoRA", 1, rank, (long) rank * (in + out), truncationError(s, rank)));
        }
        return points;
    }

    /** {@code sqrt(Σ_{i ≥ rank} s_i²) / sqrt(Σ s_i²)}: the relative error of the best rank-{@code rank} approximation. */
    public static double truncationError(double[] s, int rank) {
        double total = 0;
        double tail = 0;
        for (int i = 0; i < s.length; i++) {
            total += s[i] * s[i];
            if (i >= rank) {
                tail += s[i] * s[i];
            }
        }
        return total == 0 ? 0 : Math.sqrt(tail / total);
    }

    static double[] toDouble(float[] w) {
        double[] d = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            d[i] = w[i];
        }
        return d;
    }
}
