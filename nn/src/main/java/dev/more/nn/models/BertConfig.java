package dev.more.nn.models;

/**
 * The sizes of a BERT encoder, named after Hugging Face's {@code BertConfig}: {@code vocab_size},
 * {@code hidden_size}, {@code num_hidden_layers}, {@code num_attention_heads},
 * {@code intermediate_size}, {@code max_position_embeddings}, {@code type_vocab_size} and
 * {@code layer_norm_eps}. The activation is always exact GELU ({@code hidden_act = "gelu"}), the
 * padding token id 0 and the initializer range 0.02, Hugging Face's defaults.
 */
public record BertConfig(int vocabSize, int hidden, int layers, int heads, int intermediate, int maxPositions,
                         int typeVocab, float layerNormEps) {
    /** Checks that every size is positive and the hidden size splits into the heads. */
    public BertConfig {
        if (vocabSize <= 0 || hidden <= 0 || layers <= 0 || heads <= 0 || intermediate <= 0 || maxPositions <= 0
                || typeVocab <= 0) {
            throw new IllegalArgumentException("BertConfig: every size must be positive, got vocabSize " + vocabSize
                    + ", hidden " + hidden + ", layers " + layers + ", heads " + heads + ", intermediate " + intermediate
                    + ", maxPositions " + maxPositions + ", typeVocab " + typeVocab);
        }
        if (hidden % heads != 0) {
            throw new IllegalArgumentException("BertConfig: hidden size " + hidden + " is not a multiple of " + heads
                    + " heads");
        }
        if (!(layerNormEps > 0) || !Float.isFinite(layerNormEps)) {
            throw new IllegalArgumentException("BertConfig: layer norm eps must be a positive number, got " + layerNormEps);
        }
    }

    /** all-MiniLM-L6-v2: vocabulary 30522, hidden 384, 6 layers, 12 heads, FFN 1536, 512 positions, 2 token types. */
    public static BertConfig miniLm() {
        return new BertConfig(30522, 384, 6, 12, 1536, 512, 2, 1e-12f);
    }
}
