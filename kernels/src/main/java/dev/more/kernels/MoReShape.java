package dev.more.kernels;

/**
 * The block structure of a MoRe adapter on a linear layer {@code in -> out}, as the official
 * implementation derives it: {@code inBlk = blkSz} if given, else {@code ceil(in / nblocks)};
 * {@code blocks = ceil(in / inBlk)}; {@code outBlk = ceil(inBlk * out / in)}. The first factor
 * {@code blkdiag1} has shape (blocks, blkR, inBlk), the second {@code blkdiag2} (blocks, outBlk, blkR);
 * x is zero-padded to {@code blocks * inBlk} and the product truncated to {@code out}.
 *
 * @param in input features
 * @param out output features
 * @param blocks number of diagonal blocks (k)
 * @param inBlk input features per block
 * @param blkR rank of each block (the width of the middle)
 * @param outBlk output features per block
 */
public record MoReShape(int in, int out, int blocks, int inBlk, int blkR, int outBlk) {
    /** Validates the components. */
    public MoReShape {
        // The fields are not assigned yet, so messages are built from the parameters, not from toString().
        String shape = "in=" + in + " out=" + out + " blocks=" + blocks + " inBlk=" + inBlk + " blkR=" + blkR
                + " outBlk=" + outBlk;
        if (in < 1 || out < 1 || blocks < 1 || inBlk < 1 || blkR < 1 || outBlk < 1) {
            throw new IllegalArgumentException("MoRe shape needs positive sizes: " + shape);
        }
        if ((long) blocks * inBlk < in || (long) blocks * outBlk < out) {
            throw new IllegalArgumentException("MoRe blocks do not cover the layer: " + shape);
        }
    }

    /**
     * The shape for a layer {@code in -> out} with {@code nblocks} blocks of rank {@code blkR}, or with
     * blocks of {@code blkSz} inputs when {@code blkSz > 0} (then {@code nblocks} is ignored).
     */
    public static MoReShape of(int in, int out, int nblocks, int blkR, int blkSz) {
        if (in < 1 || out < 1 || blkR < 1 || (blkSz <= 0 && nblocks < 1)) {
            throw new IllegalArgumentException("MoRe needs in, out, blk_r and nblocks (or blk_sz) >= 1; got in=" + in
                    + " out=" + out + " nblocks=" + nblocks + " blk_r=" + blkR + " blk_sz=" + blkSz);
        }
        // In long: with nblocks or blk_sz near 2^31 (from a file), int arithmetic overflows.
        long inBlk = blkSz > 0 ? blkSz : ceilDiv(in, nblocks);
        long blocks = ceilDiv(in, inBlk);
        long outBlk = ceilDiv(inBlk * out, in);
        if (outBlk > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("MoRe blocks of " + inBlk + " inputs on a layer " + in + " -> " + out
                    + " would have " + outBlk + " outputs each, more than a dimension can be; use a smaller blk_sz");
        }
        return new MoReShape(in, out, (int) blocks, (int) inBlk, blkR, (int) outBlk);
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    /** Input width after zero-padding: {@code blocks * inBlk}. */
    public int paddedIn() {
        return blocks * inBlk;
    }

    /** Output width before truncation: {@code blocks * outBlk}. */
    public int paddedOut() {
        return blocks * outBlk;
    }

    /** Width of the middle (the permuted intermediate): {@code blocks * blkR}. */
    public int middle() {
        return blocks * blkR;
    }

    /** Elements of {@code blkdiag1}: blocks × blkR × inBlk. */
    public int blkdiag1Size() {
        return blocks * blkR * inBlk;
    }

    /** Elements of {@code blkdiag2}: blocks × outBlk × blkR. */
    public int blkdiag2Size() {
        return blocks * outBlk * blkR;
    }

    /** Trainable parameters of the adapter: {@code blkR * (blocks*inBlk + blocks*outBlk)}. */
    public long parameters() {
        return (long) blkdiag1Size() + blkdiag2Size();
    }

    /** The largest rank the adapter's update can have: {@code min(blocks * blkR, in, out)}. */
    public int maxRank() {
        return Math.min(middle(), Math.min(in, out));
    }
}
