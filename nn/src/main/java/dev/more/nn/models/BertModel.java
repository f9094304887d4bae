package dev.more.nn.models;

import dev.more.autograd.Variable;
import dev.more.nn.Module;
import dev.more.nn.layers.AttentionMask;
import dev.more.nn.layers.Grids;
import dev.more.nn.layers.WeightInit;
import dev.more.nn.loader.BertConfig;
import dev.more.tensor.Rng;

/**
 * The BERT encoder, as Hugging Face's {@code BertModel}: {@code embeddings}, {@code encoder} (post-LN
 * layers) and an optional {@code pooler}, with Hugging Face's parameter names, so a checkpoint's
 * state dict loads as is. Weights start as Hugging Face initialises them (normal with std 0.02,
 * biases zero, LayerNorm ones and zeros, padding row zero).
 */
public final class BertModel extends Module {
    /** Hugging Face's default {@code hidden_dropout_prob} and {@code attention_probs_dropout_prob}. */
    public static final float DEFAULT_DROPOUT = 0.1f;

    /** Hugging Face's default {@code initializer_range}. */
    public static final float INITIALIZER_RANGE = 0.02f;

    private final BertConfig config;
    private final BertEmbeddings embeddings;
    private final BertEncoder encoder;
    private final BertPooler pooler;

    /** A model sized by {@code config}, with a pooler when {@code withPooler}, dropout 0.1. */
    public BertModel(BertConfig config, boolean withPooler, Rng rng) {
        this(config, withPooler, DEFAULT_DROPOUT, rng);
    }

    /** A model sized by {@code config}, with a pooler when {@code withPooler}, and the given dropout. */
    public BertModel(BertConfig config, boolean withPooler, float dropout, Rng rng) {
        if (!config.hiddenAct().equals("gelu")) {
            throw new IllegalArgumentException("hidden_act '" + config.hiddenAct()
                    + "' is not supported; the encoder implements exact GELU ('gelu') only");
        }
        this.config = config;
        this.embeddings = addModule("embeddings", new BertEmbeddings(config, dropout, rng));
        this.encoder = addModule("encoder", new BertEncoder(config, dropout, rng));
        this.pooler = withPooler ? addModule("pooler", new BertPooler(config.hidden(), rng)) : null;
        WeightInit.normal(this, INITIALIZER_RANGE, rng);
    }

    /**
     * The last hidden state (batch, seq, hidden) of {@code inputIds} (batch, seq);
     * {@code attentionMask} (1 = token, 0 = padding; null = no padding) and {@code tokenTypeIds}
     * (null = all 0) have the same shape.
     */
    public Variable forward(int[][] inputIds, int[][] attentionMask, int[][] tokenTypeIds) {
        int seq = Grids.columns("BertModel", "input ids", inputIds);
        Variable hidden = embeddings.forward(inputIds, tokenTypeIds);
        // The embeddings are this model's own: in inference the first layer may write over them too.
        return encoder.forward(
                hidden,
                AttentionMask.additive(
                        attentionMask,
                        inputIds.length,
                        seq,
                        false,
                        hidden.value().device()),
                true);
    }

    /** The pooler's output (batch, hidden) for a last hidden state; needs a model made with a pooler. */
    public Variable pool(Variable lastHidden) {
        if (pooler == null) {
            throw new IllegalStateException("BertModel: this model was made without a pooler");
        }
        return pooler.forward(lastHidden);
    }

    /** True when the model has a pooler. */
    public boolean hasPooler() {
        return pooler != null;
    }

    /** The sizes. */
    public BertConfig config() {
        return config;
    }

    /** The input embeddings. */
    public BertEmbeddings embeddings() {
        return embeddings;
    }

    /** The layer stack. */
    public BertEncoder encoder() {
        return encoder;
    }
}
