package dev.more.nn.models;

import dev.more.autograd.Variable;
import dev.more.nn.Module;
import dev.more.nn.layers.Dropout;
import dev.more.nn.layers.Linear;
import dev.more.nn.layers.WeightInit;
import dev.more.nn.loader.BertConfig;
import dev.more.tensor.Rng;
import java.util.Objects;

/**
 * A BERT with a classification head, as Hugging Face's {@code BertForSequenceClassification}:
 * {@code bert} (a {@link BertModel}), then pooling, {@code dropout} and {@code classifier} (Linear
 * hidden to the label count), giving logits. Hugging Face pools with the pooler
 * ({@link PoolingMode#POOLER}); {@link PoolingMode#MEAN} pools as sentence-transformers does,
 * which suits all-MiniLM-L6-v2, a sentence-embedding model whose pooler was never trained for
 * classification. The model has a pooler only in POOLER mode. Parameter names are
 * {@code bert.*} and {@code classifier.{weight,bias}}; a bare {@code BertModel} checkpoint loads
 * into {@link #bert()}.
 */
public final class BertForSequenceClassification extends Module {
    private final BertModel bert;
    private final PoolingMode pooling;
    private final int labels;

    /** A classifier into {@code labels} classes pooling by {@code pooling}, dropout 0.1. */
    public BertForSequenceClassification(BertConfig config, int labels, PoolingMode pooling, Rng rng) {
        this(config, labels, pooling, BertModel.DEFAULT_DROPOUT, rng);
    }

    /** A classifier into {@code labels} classes pooling by {@code pooling}, with the given dropout. */
    public BertForSequenceClassification(BertConfig config, int labels, PoolingMode pooling, float dropout, Rng rng) {
        if (labels <= 0) {
            throw new IllegalArgumentException(
                    "BertForSequenceClassification: label count must be positive, got " + labels);
        }
        this.pooling = Objects.requireNonNull(pooling, "pooling");
        this.labels = labels;
        this.bert = addModule("bert", new BertModel(config, pooling == PoolingMode.POOLER, dropout, rng));
        addModule("dropout", new Dropout(dropout, rng.split()));
        Linear classifier = addModule("classifier", new Linear(config.hidden(), labels, true, rng));
        WeightInit.normal(classifier, BertModel.INITIALIZER_RANGE, rng);
    }

    /** The logits (batch, labels); arguments as {@link BertModel#forward}. */
    public Variable forward(int[][] inputIds, int[][] attentionMask, int[][] tokenTypeIds) {
        Variable hidden = bert.forward(inputIds, attentionMask, tokenTypeIds);
        Variable pooled = switch (pooling) {
            case POOLER -> bert.pool(hidden);
            case CLS -> Pooling.cls(hidden);
            case MEAN -> Pooling.mean(hidden, attentionMask);
        };
        return forwardChild("classifier", forwardChild("dropout", pooled));
    }

    /** The encoder. */
    public BertModel bert() {
        return bert;
    }

    /** The pooling in use. */
    public PoolingMode pooling() {
        return pooling;
    }

    /** The number of classes. */
    public int labels() {
        return labels;
    }
}
