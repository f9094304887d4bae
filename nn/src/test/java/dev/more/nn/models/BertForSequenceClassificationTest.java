package dev.more.nn.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.more.autograd.Variable;
import dev.more.nn.Parameter;
import dev.more.nn.layers.Linear;
import dev.more.nn.loader.BertConfig;
import dev.more.tensor.Rng;
import dev.more.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BertForSequenceClassificationTest {
    private static final BertConfig TINY = new BertConfig(20, 8, 1, 2, 16, 10, 2, 1e-12, "gelu");
    private static final int[][] IDS = {{2, 7, 7, 19}, {3, 5, 0, 0}};
    private static final int[][] MASK = {{1, 1, 1, 1}, {1, 1, 0, 0}};

    private static BertForSequenceClassification model(PoolingMode mode) {
        BertForSequenceClassification model = new BertForSequenceClassification(TINY, 3, mode, new Rng(1));
        model.eval();
        return model;
    }

    @Test
    void givesLogitsPerSequenceUnderHuggingFaceNames() {
        BertForSequenceClassification model = model(PoolingMode.MEAN);
        assertThat(model.forward(IDS, MASK, null).shape()).containsExactly(2, 3);
        assertThat(model.namedParameters().keySet())
                .startsWith("bert.embeddings.word_embeddings.weight")
                .endsWith("classifier.weight", "classifier.bias")
                .noneMatch(n -> n.startsWith("bert.pooler"));
        assertThat(model(PoolingMode.POOLER).namedParameters())
                .containsKeys("bert.pooler.dense.weight", "bert.pooler.dense.bias");
        assertThat(model.parameter("classifier.weight").shape()).containsExactly(3, 8);
        assertThat(model.parameter("classifier.bias").value().toArray()).containsOnly(0f);
    }

    @Test
    void eachPoolingModeFeedsTheClassifierItsVector() {
        for (PoolingMode mode : PoolingMode.values()) {
            BertForSequenceClassification model = model(mode);
            Variable hidden = model.bert().forward(IDS, MASK, null);
            Variable pooled = switch (mode) {
                case POOLER -> model.bert().pool(hidden);
                case CLS -> Pooling.cls(hidden);
                case MEAN -> Pooling.mean(hidden, MASK);
            };
            Variable expected = ((Linear) model.module("classifier")).forward(pooled);
            assertThat(model.forward(IDS, MASK, null).value().toArray())
                    .as(mode.name())
                    .containsExactly(expected.value().toArray());
        }
    }

    @Test
    void meanPoolingIgnoresPaddedTokens() {
        BertForSequenceClassification model = model(PoolingMode.MEAN);
        float[] a = model.forward(IDS, MASK, null).value().toArray();
        float[] b = model.forward(new int[][] {IDS[0], {3, 5, 9, 4}}, MASK, null)
                .value()
                .toArray();
        assertThat(b).containsExactly(a);
    }

    @Test
    void aFrozenEncoderLeavesOnlyTheHeadTrainable() {
        BertForSequenceClassification model = model(PoolingMode.MEAN);
        model.bert().requiresGrad(false);
        assertThat(model.trainableParameterCount()).isEqualTo(8 * 3 + 3);
        model.train(true);
        model.forward(IDS, MASK, null).sum().backward();
        Map<String, Parameter> named = model.namedParameters();
        named.forEach((name, p) -> assertThat(p.grad() != null).as(name).isEqualTo(name.startsWith("classifier.")));
    }

    @Test
    void loadsABareEncoderCheckpointIntoItsBert() {
        BertModel encoder = new BertModel(TINY, false, new Rng(7));
        BertForSequenceClassification model = model(PoolingMode.MEAN);
        assertThat(model.bert().loadStateDict(encoder.stateDict(), true).isClean())
                .isTrue();
        Tensor loaded =
                model.parameter("bert.encoder.layer.0.output.dense.weight").value();
        assertThat(loaded.toArray())
                .containsExactly(encoder.parameter("encoder.layer.0.output.dense.weight")
                        .value()
                        .toArray());
    }

    @Test
    void rejectsANonPositiveLabelCount() {
        assertThatThrownBy(() -> new BertForSequenceClassification(TINY, 0, PoolingMode.MEAN, new Rng(1)))
                .hasMessageContaining("label count must be positive");
    }
}
