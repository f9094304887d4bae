package dev.more.adapters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.more.kernels.MoReShape;
import dev.more.nn.Module;
import dev.more.nn.Parameter;
import dev.more.nn.layers.Linear;
import dev.more.nn.loader.BertConfig;
import dev.more.nn.models.BertForSequenceClassification;
import dev.more.nn.models.BertModel;
import dev.more.tensor.Rng;
import dev.more.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdaptersTest {
    private static final List<String> QKV = List.of(
            "bert.encoder.layer.0.attention.self.query", "bert.encoder.layer.0.attention.self.key",
            "bert.encoder.layer.0.attention.self.value", "bert.encoder.layer.1.attention.self.query",
            "bert.encoder.layer.1.attention.self.key", "bert.encoder.layer.1.attention.self.value");

    private static MoReConfig more() {
        return MoReConfig.defaults().withBlocks(4, 2, 0);
    }

    @Test
    void injectsMoReIntoTheTargetsKeepingHuggingFaceNames() {
        BertForSequenceClassification model = TinyBert.classifier(1);
        Map<String, Tensor> before = model.stateDict();
        Injection injection = Adapters.inject(model, more(), new Rng(2));
        assertThat(injection.adaptedModules()).containsExactlyElementsOf(QKV);
        assertThat(injection.trainableModules()).containsExactly("classifier");
        assertThat(Adapters.layers(model).keySet()).containsExactlyElementsOf(QKV);
        assertThat(model.module(QKV.get(0))).isInstanceOf(MoReLinear.class);
        Map<String, Tensor> after = model.stateDict();
        before.forEach((name, value) -> assertThat(after.get(name)).as(name).isSameAs(value));
        assertThat(after)
                .containsKeys(
                        "bert.encoder.layer.0.attention.self.query.blkdiag1",
                        "bert.encoder.layer.1.attention.self.value.blkdiag2");
        assertThat(after.keySet().stream().filter(k -> !before.containsKey(k)))
                .allMatch(k -> k.endsWith(".blkdiag1") || k.endsWith(".blkdiag2"));
    }

    @Test
    void freezesAllButAdaptersAndHead() {
        BertForSequenceClassification model = TinyBert.classifier(3);
        Adapters.inject(model, more(), new Rng(4));
        model.namedParameters()
                .forEach((name, p) -> assertThat(p.trainable())
                        .as(name)
                        .isEqualTo(name.startsWith("classifier.")
                                || name.endsWith(".blkdiag1")
                                || name.endsWith(".blkdiag2")));
        // Make the adapters non-zero so every adapter factor sees a gradient, then check who got one.
        Adapters.layers(model)
                .values()
                .forEach(l -> ((MoReLinear) l)
                        .blkdiag2()
                        .setValue(Tensor.randn(
                                new Rng(5), ((MoReLinear) l).blkdiag2().shape())));
        model.forward(TinyBert.ids(6, 3, 5), null, null).sum().backward();
        model.namedParameters().forEach((name, p) -> {
            if (p.trainable()) {
                assertThat(p.grad()).as(name).isNotNull();
            } else {
                assertThat(p.grad()).as(name).isNull();
            }
        });
    }

    @Test
    void countsParametersAsTheFormulaSays() {
        BertForSequenceClassification model = TinyBert.classifier(7);
        long base = model.parameterCount();
        Injection injection = Adapters.inject(model, more(), new Rng(8));
        MoReShape s = MoReShape.of(16, 16, 4, 2, 0);
        long perLayer = (long) s.blkR() * (s.blocks() * s.inBlk() + s.blocks() * s.outBlk());
        assertThat(injection.adapterParameters()).isEqualTo(6 * perLayer);
        assertThat(injection.trainableParameters()).isEqualTo(6 * perLayer + 16 * 2 + 2);
        assertThat(injection.totalParameters()).isEqualTo(base + 6 * perLayer);
        assertThat(injection.summary()).isEqualTo(Adapters.summary(model));
    }

    /**
     * all-MiniLM-L6-v2's sizes (random values). The LoRA line is PEFT's for r = 8 on query and value of a
     * 6-layer, hidden-384 BERT without pooler: 6 × 2 × 8 × (384 + 384) = 73,728 adapter parameters on a
     * 22,565,376-parameter encoder (embeddings 30522·384 + 512·384 + 2·384 + 2·384, and per layer
     * 4·(384² + 384) + 384·1536 + 1536 + 1536·384 + 384 + 4·384).
     */
    @Test
    void miniLmParameterLines() {
        BertModel encoder = new BertModel(BertConfig.miniLm(), false, 0f, new Rng(9));
        assertThat(encoder.parameterCount()).isEqualTo(22_565_376L);
        LoraConfig lora = LoraConfig.defaults().withRank(8, 16f).withTrainableModules(List.of());
        assertThat(Adapters.inject(encoder, lora, new Rng(10)).summary())
                .isEqualTo("trainable params: 73,728 || all params: 22,639,104 || trainable%: 0.3257");

        BertModel moreEncoder = new BertModel(BertConfig.miniLm(), false, 0f, new Rng(11));
        Injection more =
                Adapters.inject(moreEncoder, MoReConfig.defaults().withTrainableModules(List.of()), new Rng(12));
        MoReShape s = MoReShape.of(384, 384, 4, 4, 0);
        assertThat(s.inBlk()).isEqualTo(96);
        // blk_r · (k·in_blk + k·out_blk) = 4 · (4·96 + 4·96) = 3,072 per layer; 18 layers (q, k, v × 6).
        assertThat(more.adapterParameters()).isEqualTo(18L * 3_072);
        System.out.println("MiniLM, MoRe nblocks 4 blk_r 4 on query,key,value: " + more.summary());
        // The percentage as Python formats 100 * 55296 / 22620672 with "{:.4f}" (0.244449 rounds down).
        assertThat(more.summary())
                .isEqualTo("trainable params: 55,296 || all params: 22,620,672 || trainable%: 0.2444");
    }

    @Test
    void targetsBySuffixRegexAndAllLinear() {
        BertForSequenceClassification regexModel = TinyBert.classifier(13);
        Injection regex = Adapters.inject(
                regexModel, more().withTargets(new TargetSelector.Regex(".*layer\\.1\\..*(query|value)")), new Rng(14));
        assertThat(regex.adaptedModules())
                .containsExactly(
                        "bert.encoder.layer.1.attention.self.query", "bert.encoder.layer.1.attention.self.value");

        BertForSequenceClassification all = TinyBert.classifier(15);
        Injection allLinear = Adapters.inject(
                all, LoraConfig.defaults().withRank(2, 2f).withTargets(new TargetSelector.AllLinear()), new Rng(16));
        // 6 Linear modules per layer (q, k, v, attention output, intermediate, output); the head is excluded.
        assertThat(allLinear.adaptedModules()).hasSize(12).doesNotContain("classifier");
        assertThat(all.module("classifier")).isInstanceOf(Linear.class);

        BertForSequenceClassification dense = TinyBert.classifier(17);
        assertThat(Adapters.inject(dense, more().withTargets(TargetSelector.parse("output.dense")), new Rng(18))
                        .adaptedModules())
                .containsExactly(
                        "bert.encoder.layer.0.attention.output.dense",
                        "bert.encoder.layer.0.output.dense",
                        "bert.encoder.layer.1.attention.output.dense",
                        "bert.encoder.layer.1.output.dense");
    }

    @Test
    void unmatchedTargetsListTheAvailableLinearModules() {
        BertForSequenceClassification model = TinyBert.classifier(19);
        Map<String, Tensor> before = model.stateDict();
        assertThatThrownBy(() ->
                        Adapters.inject(model, more().withTargets(TargetSelector.parse("query,querry")), new Rng(20)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("target 'querry' matches no Linear module")
                .hasMessageContaining("available Linear modules: bert.encoder.layer.0.attention.self.query, ")
                .hasMessageContaining("bert.encoder.layer.1.output.dense");
        assertThatThrownBy(() ->
                        Adapters.inject(model, more().withTargets(new TargetSelector.Regex("query")), new Rng(20)))
                .hasMessageContaining("target 'query' matches no Linear module");
        assertThatThrownBy(() ->
                        Adapters.inject(model, more().withTargets(TargetSelector.parse("classifier")), new Rng(20)))
                .hasMessageContaining("outside the trainable modules [classifier]");
        assertThatThrownBy(() -> Adapters.inject(model, more().withTrainableModules(List.of("clasifier")), new Rng(20)))
                .hasMessageContaining("trainable module 'clasifier' matches no module")
                .hasMessageContaining("[bert, dropout, classifier]");
        assertThat(Adapters.layers(model)).isEmpty();
        model.namedParameters().forEach((name, p) -> assertThat(p.trainable()).isTrue());
        assertThat(model.stateDict()).isEqualTo(before);
    }

    @Test
    void refusesASecondInjection() {
        BertForSequenceClassification model = TinyBert.classifier(21);
        Adapters.inject(model, more(), new Rng(22));
        assertThatThrownBy(() -> Adapters.inject(model, more(), new Rng(22)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already has adapters");
    }

    @Test
    void headOnlyAndFull() {
        BertForSequenceClassification head = TinyBert.classifier(23);
        Injection headOnly = Adapters.inject(head, HeadOnlyConfig.defaults(), new Rng(24));
        assertThat(headOnly.adaptedModules()).isEmpty();
        assertThat(headOnly.trainableParameters()).isEqualTo(16 * 2 + 2);
        assertThat(head.trainableParameters()).hasSize(2);

        BertForSequenceClassification full = TinyBert.classifier(25);
        full.requiresGrad(false);
        Injection all = Adapters.inject(full, new FullConfig(), new Rng(26));
        assertThat(all.trainableParameters()).isEqualTo(all.totalParameters()).isEqualTo(full.parameterCount());
        assertThat(all.summary()).endsWith("trainable%: 100.0000");
    }

    @Test
    void mergedModelGivesTheSameLogitsAndUnmergeRestoresTheWeights() {
        for (AdapterConfig config : List.of(
                (AdapterConfig) more().withScaler(ScalerKind.PER_FEATURE),
                LoraConfig.defaults().withRank(2, 4f))) {
            BertForSequenceClassification model = TinyBert.classifier(27);
            Adapters.inject(model, config, new Rng(28));
            Rng rng = new Rng(29);
            // Random adapter values, so that the merge changes the weights.
            for (AdapterLayer layer : Adapters.layers(model).values()) {
                for (Parameter p : layer.adapterParameters().values()) {
                    p.setValue(Tensor.randn(rng, p.shape()).mul(0.5f));
                }
            }
            model.eval();
            int[][] ids = TinyBert.ids(30, 3, 6);
            float[] adapted = model.forward(ids, null, null).value().toArray();
            Map<String, Tensor> weights = model.stateDict();
            Map<String, float[]> deltas = new java.util.HashMap<>();
            Adapters.layers(model)
                    .forEach((path, layer) ->
                            deltas.put(path + ".weight", layer.deltaWeight().toArray()));
            Adapters.merge(model);
            float[] merged = model.forward(ids, null, null).value().toArray();
            // Two encoder layers of O(1) activations: merging reorders float32 sums of ~16 terms per
            // projection (rounding ~1e-7 relative each), amplified a little by layer norm; 1e-4 is far
            // below the O(0.1) change a missing adapter would cause.
            for (int i = 0; i < adapted.length; i++) {
                assertThat(merged[i]).as("%s logit %d", config.type(), i).isCloseTo(adapted[i], offset(1e-4f));
            }
            Adapters.unmerge(model);
            Map<String, Tensor> now = model.stateDict();
            weights.forEach((name, value) -> {
                float[] after = now.get(name).toArray();
                float[] was = value.toArray();
                float[] delta = deltas.get(name);
                if (delta == null) {
                    assertThat(after).as(name).containsExactly(was);
                    return;
                }
                for (int i = 0; i < was.length; i++) {
                    // (w + d) − d: two roundings, half an ulp of |w + d| and of |w|, so at most an ulp of |w| + |d|.
                    double ulp = Math.ulp(Math.abs(was[i]) + Math.abs(delta[i]));
                    assertThat(Math.abs((double) after[i] - was[i]))
                            .as("%s[%d]", name, i)
                            .isLessThanOrEqualTo(ulp);
                }
            });
        }
    }

    @Test
    void failedMergeLeavesEveryWeightAsItWas() {
        BertForSequenceClassification model = TinyBert.classifier(31);
        Adapters.inject(model, more(), new Rng(32));
        MoReLinear last = (MoReLinear) model.module(QKV.get(5));
        last.setFactors(
                Tensor.full(1e20f, last.blkdiag1().shape()),
                Tensor.full(1e20f, last.blkdiag2().shape()));
        Map<String, Tensor> before = model.stateDict();
        assertThatThrownBy(() -> Adapters.merge(model))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot merge '" + QKV.get(5) + "'");
        model.stateDict().forEach((name, value) -> assertThat(value).as(name).isSameAs(before.get(name)));
        assertThat(Adapters.layers(model).values()).noneMatch(AdapterLayer::isMerged);
    }

    @Test
    void mergeAndUnloadGivesAPlainModelWithTheOriginalNames() {
        BertForSequenceClassification reference = TinyBert.classifier(33);
        BertForSequenceClassification model = TinyBert.classifier(33);
        Adapters.inject(model, more(), new Rng(34));
        for (AdapterLayer layer : Adapters.layers(model).values()) {
            ((MoReLinear) layer)
                    .blkdiag2()
                    .setValue(Tensor.randn(
                            new Rng(35), ((MoReLinear) layer).blkdiag2().shape()));
        }
        model.eval();
        int[][] ids = TinyBert.ids(36, 2, 4);
        float[] adapted = model.forward(ids, null, null).value().toArray();
        Module plain = Adapters.mergeAndUnload(model);
        assertThat(Adapters.layers(plain)).isEmpty();
        assertThat(plain.stateDict().keySet())
                .containsExactlyElementsOf(reference.stateDict().keySet());
        float[] merged = model.forward(ids, null, null).value().toArray();
        for (int i = 0; i < adapted.length; i++) {
            assertThat(merged[i]).isCloseTo(adapted[i], offset(1e-4f));
        }
    }
}
