package dev.more.nn.embed;

import dev.more.tensor.ShapeException;
import dev.more.tensor.Tensor;
import java.util.Objects;

/**
 * What the encoder gives for one padded batch, before normalisation.
 *
 * @param lastHiddenState the encoder's last hidden state, (batch, seq, hidden); rows at padded positions are
 *     computed but carry no meaning
 * @param meanPooled the mean of the last hidden state over each row's real tokens, (batch, hidden)
 */
public record EncoderOutput(Tensor lastHiddenState, Tensor meanPooled) {
    /** Checks that the two tensors belong to one batch. */
    public EncoderOutput {
        Objects.requireNonNull(lastHiddenState, "lastHiddenState");
        Objects.requireNonNull(meanPooled, "meanPooled");
        int[] h = lastHiddenState.shape();
        int[] p = meanPooled.shape();
        if (h.length != 3 || p.length != 2 || h[0] != p[0] || h[2] != p[1]) {
            throw new ShapeException(
                    "EncoderOutput",
                    h,
                    p,
                    "expected a last hidden state (batch, seq, hidden) and a mean pool (batch, hidden)");
        }
    }
}
