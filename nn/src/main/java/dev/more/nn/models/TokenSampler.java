package dev.more.nn.models;

import dev.more.tensor.Rng;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/** Picks the next token from a row of logits: greedy or top-k sampling. */
final class TokenSampler {
    private TokenSampler() {}

    /** See {@link GptModel#generate}: {@code topK} 1 greedy, 0 the whole distribution, else the k best. */
    static int pick(float[] logits, int topK, Rng rng) {
        if (topK == 1) {
            int best = 0;
            for (int i = 1; i < logits.length; i++) {
                if (logits[i] > logits[best]) {
                    best = i;
                }
            }
            return best;
        }
        int k = topK == 0 ? logits.length : Math.min(topK, logits.length);
        // Largest first, ties to the lower id, so the candidate order (and the draw) is reproducible.
        int[] candidates = IntStream.range(0, logits.length)
                .boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> -logits[i]).thenComparingInt(i -> i))
                .limit(k)
                .mapToInt(Integer::intValue)
                .toArray();
        double max = logits[candidates[0]];
        double[] weights = Arrays.stream(candidates)
                .mapToDouble(i -> Math.exp(logits[i] - max))
                .toArray();
        double total = Arrays.stream(weights).sum();
        double u = rng.nextFloat() * total;
        for (int j = 0; j < k; j++) {
            u -= weights[j];
            if (u < 0) {
                return candidates[j];
            }
        }
        return candidates[k - 1];
    }
}
