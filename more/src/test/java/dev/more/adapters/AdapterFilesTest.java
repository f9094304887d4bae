package dev.more.adapters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.more.nn.Parameter;
import dev.more.nn.models.BertForSequenceClassification;
import dev.more.tensor.Rng;
import dev.more.tensor.Tensor;
import dev.more.tensor.io.SafeTensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdapterFilesTest {
    private static final String Q0 = "bert.encoder.layer.0.attention.self.query";
    private static final int[][] IDS = TinyBert.ids(40, 3, 5);

    @TempDir
    Path dir;

    /** A tiny classifier with {@code config} injected and every trainable value randomised, as after training. */
    private static BertForSequenceClassification trained(AdapterConfig config) {
        BertForSequenceClassification model = TinyBert.classifier(41);
        Adapters.inject(model, config, new Rng(42));
        Rng rng = new Rng(43);
        for (Parameter p : model.namedParameters().values()) {
            if (p.trainable()) {
                p.setValue(p.value().add(Tensor.randn(rng, p.shape()).mul(0.1f)));
            }
        }
        return model;
    }

    private static float[] logits(BertForSequenceClassification model) {
        model.eval();
        return model.forward(IDS, null, null).value().toArray();
    }

    @Test
    void moreRoundTripsInTheOfficialLayout() throws IOException {
        MoReConfig config = MoReConfig.defaults().withBlocks(4, 2, 0).withScaler(ScalerKind.SCALAR);
        BertForSequenceClassification model = trained(config);
        AdapterFiles.save(dir, model, config, "tiny");
        Map<String, Tensor> file = SafeTensors.read(dir.resolve("adapter.safetensors"));
        assertThat(file)
                .containsKeys(
                        Q0 + ".blkdiag1", Q0 + ".blkdiag2", Q0 + ".scaler", "classifier.weight", "classifier.bias");
        assertThat(file).hasSize(6 * 3 + 2);
        assertThat(file.get(Q0 + ".blkdiag1").shape()).containsExactly(4, 2, 4);

        BertForSequenceClassification loaded = TinyBert.classifier(41);
        Injection injection = AdapterFiles.load(dir, loaded, new Rng(99));
        assertThat(injection.config()).isEqualTo(config);
        assertThat(logits(loaded)).containsExactly(logits(model));
    }

    @Test
    void loraRoundTripsInPeftFormat() throws IOException {
        LoraConfig config = LoraConfig.defaults().withRank(2, 4f);
        BertForSequenceClassification model = trained(config);
        AdapterFiles.save(dir, model, config, "tiny");
        assertThat(dir.resolve("adapter.safetensors")).doesNotExist();
        Map<String, Tensor> file = SafeTensors.read(dir.resolve("adapter_model.safetensors"));
        assertThat(file.keySet())
                .containsExactlyInAnyOrder(
                        "base_model.model.bert.encoder.layer.0.attention.self.query.lora_A.weight",
                        "base_model.model.bert.encoder.layer.0.attention.self.query.lora_B.weight",
                        "base_model.model.bert.encoder.layer.0.attention.self.value.lora_A.weight",
                        "base_model.model.bert.encoder.layer.0.attention.self.value.lora_B.weight",
                        "base_model.model.bert.encoder.layer.1.attention.self.query.lora_A.weight",
                        "base_model.model.bert.encoder.layer.1.attention.self.query.lora_B.weight",
                        "base_model.model.bert.encoder.layer.1.attention.self.value.lora_A.weight",
                        "base_model.model.bert.encoder.layer.1.attention.self.value.lora_B.weight",
                        "base_model.model.classifier.weight",
                        "base_model.model.classifier.bias");
        assertThat(SafeTensors.open(dir.resolve("adapter_model.safetensors")).metadata())
                .containsEntry("format", "pt");

        BertForSequenceClassification loaded = TinyBert.classifier(41);
        AdapterFiles.load(dir, loaded, new Rng(99));
        assertThat(logits(loaded)).containsExactly(logits(model));
    }

    @Test
    void projectionInitRedoesTheResidualOnLoad() throws IOException {
        MoReConfig config = MoReConfig.defaults().withBlocks(2, 2, 0).withInit(MoReInit.PROJECTION);
        BertForSequenceClassification model = trained(config);
        AdapterFiles.save(dir, model, config, "tiny");
        BertForSequenceClassification loaded = TinyBert.classifier(41);
        AdapterFiles.load(dir, loaded, new Rng(99));
        assertThat(logits(loaded)).containsExactly(logits(model));
    }

    @Test
    void headOnlyAndFullRoundTrip() throws IOException {
        for (AdapterConfig config : List.of(HeadOnlyConfig.defaults(), new FullConfig())) {
            BertForSequenceClassification model = trained(config);
            Path out = dir.resolve(config.type());
            AdapterFiles.save(out, model, config, "tiny");
            assertThat(SafeTensors.read(out.resolve("adapter.safetensors")))
                    .hasSize(
                            config instanceof FullConfig
                                    ? model.namedParameters().size()
                                    : 2);
            BertForSequenceClassification loaded = TinyBert.classifier(41);
            AdapterFiles.load(out, loaded, new Rng(99));
            assertThat(logits(loaded)).containsExactly(logits(model));
        }
    }

    @Test
    void everyMismatchIsNamedAtOnce() throws IOException {
        MoReConfig config = MoReConfig.defaults().withBlocks(4, 2, 0);
        AdapterFiles.save(dir, trained(config), config, "tiny");
        Path weights = dir.resolve("adapter.safetensors");
        Map<String, Tensor> tensors = new LinkedHashMap<>(SafeTensors.read(weights));
        tensors.remove(Q0 + ".blkdiag2");
        tensors.put(Q0 + ".blkdiag1", Tensor.zeros(4, 2, 5));
        tensors.put(Q0 + ".blkdiag3", Tensor.zeros(1));
        tensors.put("bert.encoder.layer.7.attention.self.query.blkdiag1", Tensor.zeros(4, 2, 4));
        SafeTensors.write(weights, tensors);

        assertThatThrownBy(() -> AdapterFiles.load(dir, TinyBert.classifier(41), new Rng(99)))
                .isInstanceOf(AdapterFileException.class)
                .hasMessageContaining(weights + " does not fit the model (4 problems)")
                .hasMessageContaining("missing tensor '" + Q0 + ".blkdiag2' of shape [4, 4, 2]")
                .hasMessageContaining(
                        "wrong shape for '" + Q0 + ".blkdiag1': the file has [4, 2, 5], the model needs [4, 2, 4]")
                .hasMessageContaining("unknown tensor '" + Q0 + ".blkdiag3': module '" + Q0
                        + "' has no trainable parameter 'blkdiag3'")
                .hasMessageContaining("tensor 'bert.encoder.layer.7.attention.self.query.blkdiag1' is for module "
                        + "'bert.encoder.layer.7.attention.self.query', which the model does not have");
    }

    @Test
    void peftNamesWithoutThePrefixAreReported() throws IOException {
        LoraConfig config = LoraConfig.defaults().withRank(2, 4f);
        AdapterFiles.save(dir, trained(config), config, "tiny");
        Path weights = dir.resolve("adapter_model.safetensors");
        Map<String, Tensor> tensors = new LinkedHashMap<>(SafeTensors.read(weights));
        tensors.put("classifier.weight", Tensor.zeros(2, 16));
        SafeTensors.write(weights, tensors);
        assertThatThrownBy(() -> AdapterFiles.load(dir, TinyBert.classifier(41), new Rng(99)))
                .hasMessageContaining("unknown tensor 'classifier.weight': PEFT names start with 'base_model.model.'");
    }

    @Test
    void targetsTheModelLacksAndMissingFilesAreReported() throws IOException {
        LoraConfig config = LoraConfig.defaults().withTargets(TargetSelector.parse("q_proj,v_proj"));
        AdapterConfigFile.write(dir.resolve("adapter_config.json"), config, "llama");
        SafeTensors.write(dir.resolve("adapter_model.safetensors"), Map.of());
        assertThatThrownBy(() -> AdapterFiles.load(dir, TinyBert.classifier(41), new Rng(99)))
                .isInstanceOf(AdapterFileException.class)
                .hasMessageContaining("does not fit the model: target 'q_proj', 'v_proj' matches no Linear module")
                .hasMessageContaining("available Linear modules: " + Q0);

        Files.delete(dir.resolve("adapter_model.safetensors"));
        assertThatThrownBy(() -> AdapterFiles.load(dir, TinyBert.classifier(41), new Rng(99)))
                .hasMessageContaining("adapter_model.safetensors: no such file")
                .hasMessageContaining("describes a lora adapter");
        assertThatThrownBy(() -> AdapterFiles.load(dir.resolve("none"), TinyBert.classifier(41), new Rng(99)))
                .isInstanceOf(AdapterFileException.class)
                .hasMessageContaining("no such file");
    }
}
