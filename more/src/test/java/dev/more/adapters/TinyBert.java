package dev.more.adapters;

import dev.more.nn.loader.BertConfig;
import dev.more.nn.models.BertForSequenceClassification;
import dev.more.nn.models.PoolingMode;
import dev.more.tensor.Rng;

/** A small BERT classifier for adapter tests: 2 layers, hidden 16, 2 heads, FFN 32, vocabulary 30, no dropout. */
final class TinyBert {
    static final BertConfig CONFIG = new BertConfig(30, 16, 2, 2, 32, 16, 2, 1e-12, "gelu");

    private TinyBert() {}

    static BertForSequenceClassification classifier(long seed) {
        return new BertForSequenceClassification(CONFIG, 2, PoolingMode.MEAN, 0f, new Rng(seed));
    }

    /** Token ids (batch × seq) drawn from {@code seed}. */
    static int[][] ids(long seed, int batch, int seq) {
        Rng rng = new Rng(seed);
        int[][] ids = new int[batch][seq];
        for (int[] row : ids) {
            for (int t = 0; t < seq; t++) {
                row[t] = 1 + rng.nextInt(CONFIG.vocabSize() - 1);
            }
        }
        return ids;
    }
}
