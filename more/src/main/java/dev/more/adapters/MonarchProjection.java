package dev.more.adapters;

import dev.more.kernels.MoReShape;
import dev.more.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The nearest MoRe factors to a dense matrix: the Monarch projection of the fly/MoRe
 * {@code blockdiag_butterfly_project} construction, for the factor layout of {@link MoReShape}.
 *
 * <p>Read through the two permutations, the dense matrix of a MoRe product {@code Δ(I)ᵀ} (out × in)
 * is a k × k grid of sub-blocks: sub-block (l, j) maps input block j ({@code in_blk} features
 * {@code j·in_blk + p}) to the outputs {@code s·k + l} of output block l. Middle slot {@code r} of
 * output block l reads row {@code q} of input block {@code j}, where {@code r·k + l = j·blk_r + q}; so
 * sub-block (l, j) is the product of the {@code blkdiag2[l]} columns and {@code blkdiag1[j]} rows of
 * the slots that link l and j, a matrix of rank at most their number, and each slot belongs to
 * exactly one sub-block. The Frobenius error therefore splits over sub-blocks, and the best factors
 * are each sub-block's truncated SVD, its singular values split as {@code sqrt(σ)} between the two
 * factors as the official code does. With {@code blk_r = k} every sub-block gets rank 1; with
 * {@code nblocks = 1} the one sub-block is the whole matrix and the result is the best rank-blk_r
 * approximation (Eckart–Young). Padded rows and columns multiply zeros or are cut away, so only the
 * real entries of a sub-block are decomposed and the padding entries of the factors are zero.
 */
public final class MonarchProjection {
    private MonarchProjection() {}

    /**
     * Projected factors and how far their product is from the matrix.
     *
     * @param blkdiag1 (blocks, blk_r, in_blk)
     * @param blkdiag2 (blocks, out_blk, blk_r)
     * @param relativeError {@code ‖W − Δ(I)ᵀ‖_F / ‖W‖_F} for the float32 factors, computed in double (0 for W = 0)
     */
    public record Result(Tensor blkdiag1, Tensor blkdiag2, double relativeError) {}

    /** Projects {@code w}, a (out, in) tensor such as a Linear weight, onto factors of shape {@code s}. */
    public static Result project(Tensor w, MoReShape s) {
        if (w.rank() != 2) {
            throw new IllegalArgumentException(
                    "Monarch projection needs a matrix (out, in); got shape " + Arrays.toString(w.shape()));
        }
        return project(w.toArray(), w.size(0), w.size(1), s);
    }

    /**
     * Projects the row-major (out × in) matrix {@code w} onto MoRe factors of shape {@code s}.
     *
     * @throws IllegalArgumentException if the sizes disagree with {@code s} or the array, or an entry is not finite
     */
    public static Result project(float[] w, int out, int in, MoReShape s) {
        if (s.out() != out || s.in() != in || (long) out * in != w.length) {
            throw new IllegalArgumentException("Monarch projection: matrix " + out + " x " + in + " with " + w.length
                    + " entries does not fit " + s);
        }
        int k = s.blocks();
        int rank = s.blkR();
        int inBlk = s.inBlk();
        int outBlk = s.outBlk();
        float[] w1 = new float[s.blkdiag1Size()];
        float[] w2 = new float[s.blkdiag2Size()];
        for (int l = 0; l < k; l++) {
            int rows = Math.max(0, Math.min(outBlk, ceilDiv(out - l, k)));
            for (int j = 0; j < k; j++) {
                List<Integer> slots = slots(s, l, j);
                int cols = Math.max(0, Math.min(inBlk, in - j * inBlk));
                if (slots.isEmpty() || rows == 0 || cols == 0) {
                    continue;
                }
                double[] block = new double[rows * cols];
                for (int row = 0; row < rows; row++) {
                    for (int p = 0; p < cols; p++) {
                        float value = w[(row * k + l) * in + j * inBlk + p];
                        if (!Float.isFinite(value)) {
                            throw new IllegalArgumentException("Monarch projection: entry (" + (row * k + l) + ", "
                                    + (j * inBlk + p) + ") is " + value);
                        }
                        block[row * cols + p] = value;
                    }
                }
                Svd svd = Svd.of(block, rows, cols);
                int p = svd.rank();
                for (int c = 0; c < Math.min(slots.size(), p); c++) {
                    int r = slots.get(c);
                    int q = (r * k + l) % rank;
                    double root = Math.sqrt(svd.s()[c]);
                    for (int row = 0; row < rows; row++) {
                        w2[(l * outBlk + row) * rank + r] = (float) (svd.u()[row * p + c] * root);
                    }
                    for (int col = 0; col < cols; col++) {
                        w1[(j * rank + q) * inBlk + col] = (float) (root * svd.v()[col * p + c]);
                    }
                }
            }
        }
        Tensor blkdiag1 = Tensor.fromArray(w1, k, rank, inBlk);
        Tensor blkdiag2 = Tensor.fromArray(w2, k, outBlk, rank);
        double[] approx = dense(s, w1, w2);
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < w.length; i++) {
            double d = w[i] - approx[i];
            diff += d * d;
            norm += (double) w[i] * w[i];
        }
        return new Result(blkdiag1, blkdiag2, norm == 0 ? Math.sqrt(diff) : Math.sqrt(diff / norm));
    }

    /**
     * The middle slots r (ascending) through which output block {@code l} reads input block {@code j}:
     * those with {@code (r·k + l) / blk_r == j}.
     */
    public static List<Integer> slots(MoReShape s, int l, int j) {
        List<Integer> out = new ArrayList<>();
        for (int r = 0; r < s.blkR(); r++) {
            if ((r * s.blocks() + l) / s.blkR() == j) {
                out.add(r);
            }
        }
        return out;
    }

    /**
     * The dense (out × in) matrix {@code Δ(I)ᵀ} of factors {@code blkdiag1}, {@code blkdiag2} (flat, in
     * the layout of {@code s}), in double: entry (o, i) is what input feature i adds to output feature o.
     */
    public static double[] dense(MoReShape s, float[] blkdiag1, float[] blkdiag2) {
        if (blkdiag1.length != s.blkdiag1Size() || blkdiag2.length != s.blkdiag2Size()) {
            throw new IllegalArgumentException(
                    "factors of " + blkdiag1.length + " and " + blkdiag2.length + " entries do not fit " + s);
        }
        int k = s.blocks();
        int rank = s.blkR();
        int in = s.in();
        double[] m = new double[s.out() * in];
        for (int l = 0; l < k; l++) {
            for (int r = 0; r < rank; r++) {
                int j = (r * k + l) / rank;
                int q = (r * k + l) % rank;
                for (int row = 0; row < s.outBlk(); row++) {
                    int o = row * k + l;
                    double b = blkdiag2[(l * s.outBlk() + row) * rank + r];
                    if (o >= s.out() || b == 0) {
                        continue;
                    }
                    for (int p = 0; p < s.inBlk() && j * s.inBlk() + p < in; p++) {
                        m[o * in + j * s.inBlk() + p] += b * blkdiag1[(j * rank + q) * s.inBlk() + p];
                    }
                }
            }
        }
        return m;
    }

    private static int ceilDiv(int a, int b) {
        return a <= 0 ? 0 : (a + b - 1) / b;
    }
}
