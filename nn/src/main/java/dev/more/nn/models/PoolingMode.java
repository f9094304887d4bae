package dev.more.nn.models;

/** How {@link BertForSequenceClassification} turns hidden states into one vector per sequence. */
public enum PoolingMode {
    /** Hugging Face's choice: the pooler, {@code tanh(dense(h[CLS]))}; needs trained pooler weights. */
    POOLER,
    /** The [CLS] token's last hidden state, as is. */
    CLS,
    /**
     * The masked mean of the last hidden states, as sentence-transformers pools; the right choice for
     * sentence-embedding models such as all-MiniLM-L6-v2, which were trained with it.
     */
    MEAN
}
