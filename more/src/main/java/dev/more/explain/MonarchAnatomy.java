package dev.more.explain;

import dev.more.kernels.MoReShape;
import dev.more.kernels.cpu.MonarchPermutation;
import dev.more.tensor.Rng;
import dev.more.tensor.Tensor;
import java.util.Arrays;
import java.util.Objects;

/**
 * A MoRe product taken apart into explicit matrices, so that each step can be drawn and checked:
 * {@code ΔW = T · P_out · BD2 · P_mid · BD1 · E}, where
 * <ul>
 * <li>{@code E} (k·in_blk × in) zero-pads the input,</li>
 * <li>{@code BD1} (k·blk_r × k·in_blk) is {@code blkdiag1} laid out block-diagonally: block j maps input block j
 *     to middle rows {@code j·blk_r .. j·blk_r + blk_r − 1},</li>
 * <li>{@code P_mid} (k·blk_r square) reads the middle as (blk_r, k) and writes it as (k, blk_r),</li>
 * <li>{@code BD2} (k·out_blk × k·blk_r) is {@code blkdiag2} laid out block-diagonally,</li>
 * <li>{@code P_out} (k·out_blk square) reads the output as (k, out_blk) and writes it as (out_blk, k),</li>
 * <li>{@code T} (out × k·out_blk) keeps the first {@code out} features.</li>
 * </ul>
 * The permutations are those of {@link MonarchPermutation}; the result equals the fused kernel applied to
 * the identity and transposed ({@code Δ(I)ᵀ}), which the tests check.
 */
public final class MonarchAnatomy {
    private final MoReShape shape;
    private final float[] blkdiag1;
    private final float[] blkdiag2;

    private MonarchAnatomy(MoReShape shape, float[] blkdiag1, float[] blkdiag2) {
        this.shape = shape;
        this.blkdiag1 = blkdiag1;
        this.blkdiag2 = blkdiag2;
    }

    /**
     * The anatomy of factors {@code blkdiag1} (k, blk_r, in_blk) and {@code blkdiag2} (k, out_blk, blk_r).
     *
     * @throws IllegalArgumentException if a factor's shape does not fit {@code shape}
     */
    public static MonarchAnatomy of(MoReShape shape, Tensor blkdiag1, Tensor blkdiag2) {
        Objects.requireNonNull(shape, "shape");
        check("blkdiag1", blkdiag1, new int[] {shape.blocks(), shape.blkR(), shape.inBlk()}, shape);
        check("blkdiag2", blkdiag2, new int[] {shape.blocks(), shape.outBlk(), shape.blkR()}, shape);
        return new MonarchAnatomy(shape, blkdiag1.toArray(), blkdiag2.toArray());
    }

    /**
     * Random factors, so that every entry the structure allows is visibly non-zero: {@code blkdiag1} uniform in
     * ±1/sqrt(in_blk) (the adapter's own init) and {@code blkdiag2} uniform in ±1/sqrt(blk_r) (the adapter starts it
     * at zero, which would draw an empty ΔW).
     */
    public static MonarchAnatomy random(MoReShape shape, Rng rng) {
        float bound1 = (float) (1 / Math.sqrt(shape.inBlk()));
        float bound2 = (float) (1 / Math.sqrt(shape.blkR()));
        return of(
                shape,
                Tensor.uniform(rng, -bound1, bound1, shape.blocks(), shape.blkR(), shape.inBlk()),
                Tensor.uniform(rng, -bound2, bound2, shape.blocks(), shape.outBlk(), shape.blkR()));
    }

    private static void check(String name, Tensor t, int[] expected, MoReShape shape) {
        if (!Arrays.equals(t.shape(), expected)) {
            throw new IllegalArgumentException(name + " must have shape " + Arrays.toString(expected) + " for " + shape
                    + ", got " + Arrays.toString(t.shape()));
        }
    }

    /** The block structure. */
    public MoReShape shape() {
        return shape;
    }

    /** {@code blkdiag1} as a (k, blk_r, in_blk) tensor. */
    public Tensor blkdiag1() {
        return Tensor.fromArray(blkdiag1.clone(), shape.blocks(), shape.blkR(), shape.inBlk());
    }

    /** {@code blkdiag2} as a (k, out_blk, blk_r) tensor. */
    public Tensor blkdiag2() {
        return Tensor.fromArray(blkdiag2.clone(), shape.blocks(), shape.outBlk(), shape.blkR());
    }

    /** {@code E}: (k·in_blk × in), the identity on the real inputs and zero rows for the padding. */
    public DenseMatrix padding() {
        double[] v = new double[shape.paddedIn() * shape.in()];
        for (int i = 0; i < shape.in(); i++) {
            v[i * shape.in() + i] = 1;
        }
        return DenseMatrix.of(shape.paddedIn(), shape.in(), v);
    }

    /** {@code BD1}: (k·blk_r × k·in_blk), entry (j·blk_r + q, j·in_blk + p) = blkdiag1[j, q, p]. */
    public DenseMatrix blockDiagonal1() {
        int k = shape.blocks();
        int rank = shape.blkR();
        int inBlk = shape.inBlk();
        double[] m = new double[shape.middle() * shape.paddedIn()];
        for (int j = 0; j < k; j++) {
            for (int q = 0; q < rank; q++) {
                for (int p = 0; p < inBlk; p++) {
                    m[(j * rank + q) * shape.paddedIn() + j * inBlk + p] = blkdiag1[(j * rank + q) * inBlk + p];
                }
            }
        }
        return DenseMatrix.of(shape.middle(), shape.paddedIn(), m);
    }

    /** {@code BD2}: (k·out_blk × k·blk_r), entry (l·out_blk + s, l·blk_r + r) = blkdiag2[l, s, r]. */
    public DenseMatrix blockDiagonal2() {
        int k = shape.blocks();
        int rank = shape.blkR();
        int outBlk = shape.outBlk();
        double[] m = new double[shape.paddedOut() * shape.middle()];
        for (int l = 0; l < k; l++) {
            for (int s = 0; s < outBlk; s++) {
                for (int r = 0; r < rank; r++) {
                    m[(l * outBlk + s) * shape.middle() + l * rank + r] = blkdiag2[(l * outBlk + s) * rank + r];
                }
            }
        }
        return DenseMatrix.of(shape.paddedOut(), shape.middle(), m);
    }

    /** Where each middle position goes: h index {@code r·k + l} moves to g index {@code l·blk_r + r}. */
    public int[] middleDestinations() {
        return destinations(shape.middle(), shape.blkR(), shape.blocks());
    }

    /** Where each output-block position goes: o index {@code l·out_blk + s} moves to {@code s·k + l}. */
    public int[] outputDestinations() {
        return destinations(shape.paddedOut(), shape.blocks(), shape.outBlk());
    }

    private static int[] destinations(int n, int a, int b) {
        int[] d = new int[n];
        for (int i = 0; i < n; i++) {
            d[i] = MonarchPermutation.destination(i, a, b);
        }
        return d;
    }

    /** {@code P_mid}, the permutation matrix of {@link #middleDestinations()}. */
    public DenseMatrix middlePermutation() {
        return DenseMatrix.permutation(middleDestinations());
    }

    /** {@code P_out}, the permutation matrix of {@link #outputDestinations()}. */
    public DenseMatrix outputPermutation() {
        return DenseMatrix.permutation(outputDestinations());
    }

    /** {@code T}: (out × k·out_blk), keeps the first {@code out} features. */
    public DenseMatrix truncation() {
        double[] m = new double[shape.out() * shape.paddedOut()];
        for (int o = 0; o < shape.out(); o++) {
            m[o * shape.paddedOut() + o] = 1;
        }
        return DenseMatrix.of(shape.out(), shape.paddedOut(), m);
    }

    /** {@code ΔW = T · P_out · BD2 · P_mid · BD1 · E}, (out × in): what input i adds to output o, per unit of x_i. */
    public DenseMatrix deltaWeight() {
        return truncation()
                .times(outputPermutation())
                .times(blockDiagonal2())
                .times(middlePermutation())
                .times(blockDiagonal1())
                .times(padding());
    }

    /**
     * The output rows of ΔW grouped by output block: output block l (outputs {@code s·k + l}, s = 0, 1, ...)
     * first for l = 0, then l = 1, ... Read in this order ΔW is a k × k grid of tiles, tile (l, j) mapping input
     * block j to output block l.
     */
    public int[] outputsByBlock() {
        int k = shape.blocks();
        int[] order = new int[shape.out()];
        int next = 0;
        for (int l = 0; l < k; l++) {
            for (int o = l; o < shape.out(); o += k) {
                order[next++] = o;
            }
        }
        return order;
    }

    /**
     * Where input channel {@code channel} can reach, from the block structure alone (the positions that any
     * choice of factors can make non-zero).
     *
     * @throws IllegalArgumentException if the channel is not an input feature
     */
    public ChannelTrace trace(int channel) {
        if (channel < 0 || channel >= shape.in()) {
            throw new IllegalArgumentException(
                    "channel " + channel + " is not an input feature of " + shape + " (0.." + (shape.in() - 1) + ")");
        }
        int k = shape.blocks();
        int rank = shape.blkR();
        int j = channel / shape.inBlk();
        int[] middleDest = middleDestinations();
        int[] outputDest = outputDestinations();
        int[] hidden = new int[rank];
        int[] mixed = new int[rank];
        boolean[] blockReached = new boolean[k];
        for (int q = 0; q < rank; q++) {
            hidden[q] = j * rank + q;
            mixed[q] = middleDest[hidden[q]];
            blockReached[mixed[q] / rank] = true;
        }
        Arrays.sort(mixed);
        int[] blockOutputs = new int[0];
        boolean[] reached = new boolean[shape.out()];
        for (int l = 0; l < k; l++) {
            if (!blockReached[l]) {
                continue;
            }
            int[] more = new int[shape.outBlk()];
            for (int s = 0; s < shape.outBlk(); s++) {
                more[s] = l * shape.outBlk() + s;
                int o = outputDest[more[s]];
                if (o < shape.out()) {
                    reached[o] = true;
                }
            }
            blockOutputs = concat(blockOutputs, more);
        }
        int count = 0;
        for (boolean r : reached) {
            count += r ? 1 : 0;
        }
        int[] outputs = new int[count];
        for (int o = 0, n = 0; o < reached.length; o++) {
            if (reached[o]) {
                outputs[n++] = o;
            }
        }
        return new ChannelTrace(channel, j, hidden, mixed, blockOutputs, outputs);
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
