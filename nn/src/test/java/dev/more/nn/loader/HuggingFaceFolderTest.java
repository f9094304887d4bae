package dev.more.nn.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.more.tensor.Rng;
import dev.more.tensor.Tensor;
import dev.more.tensor.io.SafeTensors;
import dev.more.tensor.io.SafeTensorsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Round trips of tiny random BERTs through a Hugging Face folder, and every way such a folder can be wrong. */
class HuggingFaceFolderTest {
    private static final BertConfig CONFIG = new BertConfig(13, 8, 2, 2, 12, 6, 2, 1e-12, "gelu");

    @TempDir
    Path dir;

    private static Map<String, Tensor> randomBert(boolean pooler, long seed) {
        Rng rng = new Rng(seed);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        BertParameters.expectedShapes(CONFIG, pooler)
                .forEach((name, shape) -> tensors.put(name, Tensor.randn(rng, shape)));
        return tensors;
    }

    private static Map<String, Tensor> prefixed(String prefix, Map<String, Tensor> tensors) {
        Map<String, Tensor> renamed = new LinkedHashMap<>();
        tensors.forEach((name, tensor) -> renamed.put(prefix + name, tensor));
        return renamed;
    }

    private static String configJson(BertConfig c, String modelType) {
        return String.format(
                Locale.ROOT,
                "{\"architectures\": [\"BertModel\"], \"model_type\": \"%s\", "
                        + "\"vocab_size\": %d, \"hidden_size\": %d, \"num_hidden_layers\": %d, \"num_attention_heads\": %d, "
                        + "\"intermediate_size\": %d, \"max_position_embeddings\": %d, \"type_vocab_size\": %d, "
                        + "\"layer_norm_eps\": %s, \"hidden_act\": \"%s\"}",
                modelType,
                c.vocabSize(),
                c.hidden(),
                c.layers(),
                c.heads(),
                c.intermediate(),
                c.maxPositions(),
                c.typeVocab(),
                c.layerNormEps(),
                c.hiddenAct());
    }

    private Path folder(Map<String, Tensor> tensors) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("model"));
        Files.writeString(folder.resolve("config.json"), configJson(CONFIG, "bert"));
        SafeTensors.write(folder.resolve("model.safetensors"), tensors, Map.of("format", "pt"));
        return folder;
    }

    private static void assertSameParameters(PretrainedWeights weights, Map<String, Tensor> expected) {
        assertThat(weights.tensors().keySet()).containsExactlyElementsOf(expected.keySet());
        expected.forEach((name, tensor) -> {
            assertThat(weights.tensor(name).shape()).as(name).containsExactly(tensor.shape());
            assertThat(weights.tensor(name).toArray()).as(name).containsExactly(tensor.toArray());
        });
    }

    @Test
    void roundTripsABertModel() throws IOException {
        Map<String, Tensor> bert = randomBert(false, 1);

        PretrainedWeights weights = HuggingFaceFolder.load(folder(bert));

        assertThat(weights.config()).isEqualTo(CONFIG);
        assertSameParameters(weights, bert);
        assertThat(weights.hasPooler()).isFalse();
        assertThat(weights.notes()).containsExactly("the file has no pooler (pooler.dense)");
    }

    @Test
    void stripsTheBertPrefixAndLeavesOutHeadsAndBuffers() throws IOException {
        Map<String, Tensor> bert = randomBert(true, 2);
        Map<String, Tensor> file = prefixed("bert.", bert);
        file.put("bert.embeddings.position_ids", Tensor.arange(6).reshape(1, 6));
        file.put("cls.predictions.bias", Tensor.zeros(13));
        file.put("cls.predictions.transform.dense.weight", Tensor.zeros(8, 8));

        PretrainedWeights weights = HuggingFaceFolder.load(folder(file));

        assertSameParameters(weights, bert);
        assertThat(weights.hasPooler()).isTrue();
        assertThat(weights.notes())
                .containsExactly(
                        "left out the buffer bert.embeddings.position_ids",
                        "stripped the prefix 'bert.' from parameter names",
                        "left out 2 tensors outside the encoder: cls.predictions.bias, cls.predictions.transform.dense.weight",
                        "the file has a pooler (pooler.dense)");
    }

    @Test
    void mapsRobertaNamesAndOldLayerNormNames() throws IOException {
        Map<String, Tensor> bert = randomBert(false, 3);
        Map<String, Tensor> file = new LinkedHashMap<>();
        bert.forEach((name, tensor) -> file.put(
                "roberta."
                        + name.replace("LayerNorm.weight", "LayerNorm.gamma")
                                .replace("LayerNorm.bias", "LayerNorm.beta"),
                tensor));
        file.put("lm_head.bias", Tensor.zeros(13));

        PretrainedWeights weights = HuggingFaceFolder.load(folder(file));

        assertSameParameters(weights, bert);
        assertThat(weights.notes())
                .contains(
                        "stripped the prefix 'roberta.' from parameter names",
                        "renamed 10 LayerNorm gamma/beta tensors to weight/bias",
                        "left out 1 tensors outside the encoder: lm_head.bias");
    }

    @Test
    void rejectsAMissingFolderOrAFile() throws IOException {
        Path absent = dir.resolve("absent");
        assertThatThrownBy(() -> HuggingFaceFolder.load(absent))
                .isInstanceOf(WeightsException.class)
                .hasMessage(absent + ": no such folder");
        Path file = Files.writeString(dir.resolve("file.txt"), "x");
        assertThatThrownBy(() -> HuggingFaceFolder.load(file))
                .isInstanceOf(WeightsException.class)
                .hasMessage(file + ": not a folder; expected a Hugging Face model folder with config.json and "
                        + "model.safetensors");
    }

    @Test
    void rejectsAFolderWithoutConfig() throws IOException {
        Path folder = folder(randomBert(false, 4));
        Files.delete(folder.resolve("config.json"));

        assertThatThrownBy(() -> HuggingFaceFolder.load(folder))
                .isInstanceOf(WeightsException.class)
                .hasMessage(folder + ": no config.json (a Hugging Face model folder holds config.json and "
                        + "model.safetensors)");
    }

    @Test
    void rejectsAFolderWithoutSafetensorsAndSaysWhatItHasInstead() throws IOException {
        Path folder = folder(randomBert(false, 5));
        Files.delete(folder.resolve("model.safetensors"));
        assertThatThrownBy(() -> HuggingFaceFolder.load(folder))
                .isInstanceOf(WeightsException.class)
                .hasMessage(folder + ": no model.safetensors (a Hugging Face model folder holds config.json and "
                        + "model.safetensors)");

        Files.writeString(folder.resolve("pytorch_model.bin"), "");
        assertThatThrownBy(() -> HuggingFaceFolder.load(folder))
                .hasMessage(folder + ": no model.safetensors (found pytorch_model.bin: only safetensors weights are "
                        + "supported; save the model with safe_serialization=True to get model.safetensors)");

        Files.writeString(folder.resolve("model.safetensors.index.json"), "{}");
        assertThatThrownBy(() -> HuggingFaceFolder.load(folder))
                .hasMessage(folder + ": no model.safetensors (found model.safetensors.index.json: sharded "
                        + "checkpoints are not supported)");
    }

    @Test
    void rejectsAnInvalidConfig() throws IOException {
        Path folder = folder(randomBert(false, 6));
        Files.writeString(folder.resolve("config.json"), configJson(CONFIG, "t5"));

        assertThatThrownBy(() -> HuggingFaceFolder.load(folder))
                .isInstanceOf(WeightsException.class)
                .hasMessageStartingWith(folder.resolve("config.json") + ": model_type \"t5\" is not a BERT-family");
    }

    @Test
    void rejectsAMalformedWeightsFile() throws IOException {
        Path folder = folder(randomBert(false, 7));
        Files.write(folder.resolve("model.safetensors"), new byte[] {1, 2, 3});

        assertThatThrownBy(() -> HuggingFaceFolder.load(folder))
                .isInstanceOf(SafeTensorsException.class)
                .hasMessageContaining("model.safetensors");
    }

    @Test
    void namesMissingUnexpectedAndMisShapedParameters() throws IOException {
        Map<String, Tensor> file = randomBert(false, 8);
        file.remove("encoder.layer.1.output.LayerNorm.bias");
        file.put("encoder.layer.0.attention.self.query.weight", Tensor.zeros(8, 4));
        file.put("encoder.layer.2.output.dense.bias", Tensor.zeros(8));
        file.put("embeddings.LayerNorm.scale", Tensor.zeros(8));
        Path folder = folder(file);

        assertThatThrownBy(() -> HuggingFaceFolder.load(folder))
                .isInstanceOf(WeightsException.class)
                .hasMessage(folder.resolve("model.safetensors") + ": weights do not match " + CONFIG
                        + "; missing 1: encoder.layer.1.output.LayerNorm.bias"
                        + "; wrong shape 1: encoder.layer.0.attention.self.query.weight [8, 4] instead of [8, 8]"
                        + "; unexpected 2: embeddings.LayerNorm.scale, encoder.layer.2.output.dense.bias");
    }

    @Test
    void checksTheShapesAgainstTheConfig() throws IOException {
        Path folder = folder(randomBert(false, 9));
        BertConfig longer = new BertConfig(13, 8, 2, 2, 12, 7, 2, 1e-12, "gelu");
        Files.writeString(folder.resolve("config.json"), configJson(longer, "bert"));

        assertThatThrownBy(() -> HuggingFaceFolder.load(folder))
                .isInstanceOf(WeightsException.class)
                .hasMessageEndingWith(
                        "; wrong shape 1: embeddings.position_embeddings.weight [6, 8] instead of [7, 8]");
    }

    @Test
    void rejectsAmbiguousNames() throws IOException {
        Map<String, Tensor> both = prefixed("bert.", randomBert(false, 10));
        both.put("roberta.embeddings.LayerNorm.weight", Tensor.ones(8));
        Path mixed = folder(both);
        assertThatThrownBy(() -> HuggingFaceFolder.load(mixed))
                .isInstanceOf(WeightsException.class)
                .hasMessage(mixed.resolve("model.safetensors") + ": names start with both bert. and roberta.; "
                        + "expected one encoder");

        Map<String, Tensor> twice = randomBert(false, 11);
        twice.put("embeddings.LayerNorm.gamma", Tensor.ones(8));
        Path duplicated = folder(twice);
        assertThatThrownBy(() -> HuggingFaceFolder.load(duplicated))
                .isInstanceOf(WeightsException.class)
                .hasMessageEndingWith(": both embeddings.LayerNorm.gamma and embeddings.LayerNorm.weight map to "
                        + "embeddings.LayerNorm.weight");
    }
}
