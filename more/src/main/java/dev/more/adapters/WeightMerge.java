package dev.more.adapters;

import dev.more.tensor.Tensor;
import java.util.Arrays;

/** Adds or subtracts an adapter's dense update to a weight, refusing results that are not finite. */
final class WeightMerge {
    private WeightMerge() {}

    /**
     * {@code weight + sign · delta}, both (out, in).
     *
     * @throws IllegalStateException naming the first entry that would be NaN or infinite
     */
    static Tensor combine(Tensor weight, Tensor delta, int sign, String layer) {
        if (!Arrays.equals(weight.shape(), delta.shape())) {
            throw new IllegalStateException(layer + ": update of shape " + Arrays.toString(delta.shape())
                    + " does not fit the weight " + Arrays.toString(weight.shape()));
        }
        float[] w = weight.toArray();
        float[] d = delta.toArray();
        int cols = weight.size(1);
        for (int i = 0; i < w.length; i++) {
            float sum = sign > 0 ? w[i] + d[i] : w[i] - d[i];
            if (!Float.isFinite(sum)) {
                throw new IllegalStateException(layer + ": " + (sign > 0 ? "merging" : "unmerging")
                        + " would put " + sum + " into the weight at (" + i / cols + ", " + i % cols + ") (weight "
                        + w[i] + ", update " + d[i] + "); the adapter holds non-finite or overflowing values");
            }
            w[i] = sum;
        }
        return Tensor.fromArray(w, weight.shape());
    }
}
