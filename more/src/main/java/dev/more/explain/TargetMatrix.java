package dev.more.explain;

import dev.more.tensor.Rng;
import java.util.Arrays;

/**
 * A named matrix to approximate: by projection onto MoRe or LoRA factors, or by fitting them in the
 * expressiveness experiment. The factories scale their matrices to unit root-mean-square entry, so that one
 * learning rate suits every target.
 *
 * @param name a short name for tables and legends
 * @param description what it is, one sentence
 * @param out rows
 * @param in columns
 * @param values the row-major (out × in) entries
 */
public record TargetMatrix(String name, String description, int out, int in, float[] values) {
    /** Checks the sizes and that every entry is finite. */
    public TargetMatrix {
        if (out < 1 || in < 1 || (long) out * in != values.length) {
            throw new IllegalArgumentException("target '" + name + "': " + out + " x " + in + " needs "
                    + (long) out * in + " entries, got " + values.length);
        }
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException(
                        "target '" + name + "': entry (" + i / in + ", " + i % in + ") is " + values[i]);
            }
        }
        values = values.clone();
    }

    /** The entries (a copy). */
    @Override
    public float[] values() {
        return values.clone();
    }

    /**
     * {@code values} scaled to unit root-mean-square entry.
     *
     * @throws IllegalArgumentException if every entry is zero
     */
    public static TargetMatrix normalized(String name, String description, int out, int in, float[] values) {
        double sum = 0;
        for (float v : values) {
            sum += (double) v * v;
        }
        if (sum == 0) {
            throw new IllegalArgumentException("target '" + name + "' is all zeros");
        }
        float scale = (float) (1 / Math.sqrt(sum / values.length));
        float[] scaled = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            scaled[i] = values[i] * scale;
        }
        return new TargetMatrix(name, description, out, in, scaled);
    }

    /** {@code U·Vᵀ} of rank {@code rank} (Gaussian U, V) plus Gaussian noise of {@code noise} times its size. */
    public static TargetMatrix lowRankPlusNoise(int n, int rank, double noise, Rng rng) {
        double[] u = gaussians(n * rank, rng);
        double[] v = gaussians(n * rank, rng);
        float[] w = new float[n * n];
        double lowRankScale = Math.sqrt(rank);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int c = 0; c < rank; c++) {
                    sum += u[i * rank + c] * v[j * rank + c];
                }
                // Each entry of U·Vᵀ has variance rank; scaled so noise is a fraction of the low-rank part.
                w[i * n + j] = (float) (sum / lowRankScale + noise * rng.nextGaussian());
            }
        }
        return normalized(
                "low rank + noise",
                "rank-" + rank + " Gaussian product plus " + Math.round(noise * 100) + "% Gaussian noise",
                n,
                n,
                w);
    }

    /**
     * {@code blocks} dense Gaussian blocks on the diagonal plus Gaussian noise of {@code noise} times their size
     * everywhere (needs {@code blocks} to divide n).
     */
    public static TargetMatrix blockDiagonal(int n, int blocks, double noise, Rng rng) {
        if (n % blocks != 0) {
            throw new IllegalArgumentException(blocks + " diagonal blocks do not divide size " + n);
        }
        int b = n / blocks;
        float[] w = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                boolean diagonal = i / b == j / b;
                w[i * n + j] = (float) ((diagonal ? rng.nextGaussian() : 0) + noise * rng.nextGaussian());
            }
        }
        return normalized(
                "block-diagonal",
                blocks + " dense Gaussian blocks on the diagonal plus " + Math.round(noise * 100)
                        + "% Gaussian noise (full rank)",
                n,
                n,
                w);
    }

    /**
     * A Monarch matrix: ΔW of random MoRe factors with {@code nblocks} blocks of rank {@code blkR}, i.e. dense
     * low-rank tiles seen through the two permutations.
     */
    public static TargetMatrix monarch(int n, int nblocks, int blkR, Rng rng) {
        MonarchAnatomy m = MonarchAnatomy.random(dev.more.kernels.MoReShape.of(n, n, nblocks, blkR, 0), rng);
        double[] d = m.deltaWeight().values();
        float[] w = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            w[i] = (float) d[i];
        }
        return normalized(
                "Monarch (permuted blocks)",
                "ΔW of random MoRe factors, nblocks " + nblocks + ", blk_r " + blkR + " (rank "
                        + Math.min(n, nblocks * blkR) + ")",
                n,
                n,
                w);
    }

    private static double[] gaussians(int count, Rng rng) {
        double[] g = new double[count];
        Arrays.setAll(g, i -> rng.nextGaussian());
        return g;
    }
}
