package dev.more.kernels;

/**
 * The sizes of multi-head self-attention over a batch: {@code batch} sequences of {@code seq} tokens,
 * {@code heads} heads of {@code headDim} features each, so each token carries {@code hidden() = heads ·
 * headDim} features.
 *
 * @param batch sequences
 * @param heads attention heads
 * @param seq tokens per sequence
 * @param headDim features per head
 */
public record AttentionShape(int batch, int heads, int seq, int headDim) {
    /** Validates the sizes. */
    public AttentionShape {
        if (batch < 1 || heads < 1 || seq < 1 || headDim < 1) {
            throw new IllegalArgumentException("attention needs positive sizes: batch=" + batch + " heads=" + heads
                    + " seq=" + seq + " headDim=" + headDim);
        }
        if ((long) batch * heads * seq * seq > Integer.MAX_VALUE
                || (long) batch * seq * heads * headDim > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("attention too large for one array: batch=" + batch + " heads=" + heads
                    + " seq=" + seq + " headDim=" + headDim);
        }
    }

    /** Features per token, {@code heads · headDim}. */
    public int hidden() {
        return heads * headDim;
    }

    /** Score rows over the whole batch, {@code batch · heads · seq}. */
    public int scoreRows() {
        return batch * heads * seq;
    }

    /** Elements of the (batch, heads, seq, seq) probabilities. */
    public int probsSize() {
        return scoreRows() * seq;
    }

    /** Elements of a (batch, seq, hidden) operand. */
    public int tokensSize() {
        return batch * seq * hidden();
    }
}
