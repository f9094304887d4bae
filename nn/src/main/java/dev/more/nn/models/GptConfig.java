package dev.more.nn.models;

/**
 * The sizes of a {@link GptModel}. The feed-forward width is {@code 4 * hidden}, as in GPT-2.
 *
 * @param vocabSize the number of token ids
 * @param hidden the model width; a multiple of {@code heads}
 * @param layers the number of blocks
 * @param heads the number of attention heads
 * @param maxPositions the longest sequence (the learned position table's size)
 * @param layerNormEps the LayerNorm epsilon
 * @param dropout the dropout on embeddings, attention probabilities and block outputs
 */
public record GptConfig(
        int vocabSize, int hidden, int layers, int heads, int maxPositions, float layerNormEps, float dropout) {
    /** Checks the sizes. */
    public GptConfig {
        if (vocabSize <= 0 || hidden <= 0 || layers <= 0 || heads <= 0 || maxPositions <= 0) {
            throw new IllegalArgumentException(
                    "GptConfig: every size must be positive, got vocabSize " + vocabSize + ", hidden " + hidden
                            + ", layers " + layers + ", heads " + heads + ", maxPositions " + maxPositions);
        }
        if (hidden % heads != 0) {
            throw new IllegalArgumentException(
                    "GptConfig: hidden size " + hidden + " is not a multiple of " + heads + " heads");
        }
        if (!(layerNormEps > 0) || !Float.isFinite(layerNormEps) || !(dropout >= 0 && dropout <= 1)) {
            throw new IllegalArgumentException("GptConfig: layer norm eps must be positive and dropout in [0, 1], got "
                    + layerNormEps + ", " + dropout);
        }
    }

    /** The feed-forward width, {@code 4 * hidden}. */
    public int intermediate() {
        return 4 * hidden;
    }
}
