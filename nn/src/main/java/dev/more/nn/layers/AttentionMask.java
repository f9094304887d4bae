package dev.more.nn.layers;

import dev.more.tensor.Device;
import dev.more.tensor.Tensor;

/**
 * Additive attention masks, added to the scores before the softmax: 0 where a query may attend to
 * a key, {@link #MASKED} where it may not.
 *
 * <p>{@link #MASKED} is {@code -Float.MAX_VALUE}, i.e. {@code torch.finfo(torch.float32).min}, the
 * value Hugging Face's extended attention mask {@code (1 - mask) * finfo.min} uses. Adding it to a
 * finite score gives a value whose {@code exp} after the softmax's max-subtraction is exactly 0, so
 * masked keys get exactly zero weight, as in the reference. Padding and causal masks are combined
 * by taking either (not by adding two minima, which would overflow to -inf and turn a row with
 * every key masked into NaN); such a row, e.g. a query at a padded position, attends uniformly,
 * as in the reference, and its output is ignored downstream.
 */
public final class AttentionMask {
    /** The additive value for a masked query-key pair: {@code torch.finfo(float32).min}. */
    public static final float MASKED = -Float.MAX_VALUE;

    private AttentionMask() {}

    /**
     * The mask for {@code batch} sequences of length {@code seq}: keys where {@code attentionMask}
     * (shape (batch, seq), 1 = token, 0 = padding; null = all tokens) is 0 are masked, and with
     * {@code causal} so is every key after the query. Shape (batch, 1, 1, seq) without
     * {@code causal}, else (batch, 1, seq, seq), to broadcast over heads; null when nothing is masked.
     */
    public static Tensor additive(int[][] attentionMask, int batch, int seq, boolean causal) {
        return additive(attentionMask, batch, seq, causal, Device.CPU);
    }

    /** {@link #additive(int[][], int, int, boolean)} on {@code device}, where the scores it is added to live. */
    public static Tensor additive(int[][] attentionMask, int batch, int seq, boolean causal, Device device) {
        if (attentionMask != null) {
            Grids.checkShape("AttentionMask", "attention mask", attentionMask, batch, seq);
            for (int b = 0; b < batch; b++) {
                for (int j = 0; j < seq; j++) {
                    int m = attentionMask[b][j];
                    if (m != 0 && m != 1) {
                        throw new IllegalArgumentException(
                                "AttentionMask: attention mask [" + b + "][" + j + "] is " + m + ", not 0 or 1");
                    }
                }
            }
        } else if (!causal) {
            return null;
        }
        int rows = causal ? seq : 1;
        float[] out = new float[batch * rows * seq];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < seq; j++) {
                    boolean padded = attentionMask != null && attentionMask[b][j] == 0;
                    boolean future = causal && j > i;
                    out[(b * rows + i) * seq + j] = padded || future ? MASKED : 0f;
                }
            }
        }
        return Tensor.fromArray(out, batch, 1, rows, seq).to(device);
    }
}
