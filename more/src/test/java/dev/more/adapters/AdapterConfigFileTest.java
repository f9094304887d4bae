package dev.more.adapters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdapterConfigFileTest {
    @TempDir
    Path dir;

    private AdapterConfigFile.Saved roundTrip(AdapterConfig config) throws IOException {
        Path file = dir.resolve(AdapterConfigFile.FILE_NAME);
        AdapterConfigFile.write(file, config, "minilm");
        return AdapterConfigFile.read(file);
    }

    @Test
    void everyKindRoundTrips() throws IOException {
        List<AdapterConfig> configs = List.of(
                MoReConfig.defaults(),
                new MoReConfig(
                        8,
                        2,
                        32,
                        ScalerKind.PER_FEATURE,
                        0.1f,
                        MoReInit.KAIMING,
                        new TargetSelector.Regex(".*\\.(query|value)"),
                        List.of("classifier", "pooler")),
                MoReConfig.defaults()
                        .withInit(MoReInit.PROJECTION)
                        .withTargets(new TargetSelector.AllLinear())
                        .withTrainableModules(List.of()),
                LoraConfig.defaults(),
                new LoraConfig(
                        16,
                        32f,
                        0.05f,
                        true,
                        LoraInit.GAUSSIAN,
                        TargetSelector.parse("query,key,value,dense"),
                        List.of("classifier")),
                LoraConfig.defaults().withRank(4, 1.5f).withTrainableModules(List.of()),
                HeadOnlyConfig.defaults(),
                new FullConfig());
        for (AdapterConfig config : configs) {
            AdapterConfigFile.Saved saved = roundTrip(config);
            assertThat(saved.config()).isEqualTo(config);
            assertThat(saved.baseModel()).isEqualTo("minilm");
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(AdapterConfigFile.FILE_NAME);
        }
    }

    @Test
    void loraIsWrittenInPeftFormat() throws IOException {
        Path file = dir.resolve("adapter_config.json");
        AdapterConfigFile.write(file, LoraConfig.defaults().withRank(8, 16f).withDropout(0.1f), "/models/minilm");
        JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertThat(json.get("peft_type").asText()).isEqualTo("LORA");
        assertThat(json.get("task_type").asText()).isEqualTo("SEQ_CLS");
        assertThat(json.get("r").asInt()).isEqualTo(8);
        assertThat(json.get("lora_alpha").isIntegralNumber()).isTrue();
        assertThat(json.get("lora_alpha").asInt()).isEqualTo(16);
        assertThat(json.get("lora_dropout").asDouble()).isEqualTo(0.1);
        assertThat(json.get("target_modules")).hasSize(2);
        assertThat(json.get("target_modules").get(0).asText()).isEqualTo("query");
        assertThat(json.get("use_rslora").asBoolean()).isFalse();
        assertThat(json.get("bias").asText()).isEqualTo("none");
        assertThat(json.get("base_model_name_or_path").asText()).isEqualTo("/models/minilm");
        assertThat(json.get("modules_to_save").get(0).asText()).isEqualTo("classifier");
        assertThat(json.has("type")).isFalse();
    }

    @Test
    void moreIsWrittenWithTheOfficialNames() throws IOException {
        Path file = dir.resolve("adapter_config.json");
        AdapterConfigFile.write(file, MoReConfig.defaults().withScaler(ScalerKind.SCALAR), "minilm");
        JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertThat(json.get("type").asText()).isEqualTo("more");
        assertThat(json.get("nblocks").asInt()).isEqualTo(4);
        assertThat(json.get("blk_r").asInt()).isEqualTo(4);
        assertThat(json.get("blk_sz").isNull()).isTrue();
        assertThat(json.get("scaler").asText()).isEqualTo("scalar");
        assertThat(json.get("targets")).hasSize(3);
        assertThat(json.get("base_model").asText()).isEqualTo("minilm");
    }

    /** A configuration with the fields PEFT's LoraConfig.save_pretrained writes, defaults included. */
    @Test
    void readsAPeftWrittenConfig() throws IOException {
        Path file = dir.resolve("adapter_config.json");
        Files.writeString(file, """
                {
                  "alpha_pattern": {}, "auto_mapping": null, "base_model_name_or_path": "sentence-transformers/all-MiniLM-L6-v2",
                  "bias": "none", "fan_in_fan_out": false, "inference_mode": true, "init_lora_weights": true,
                  "layer_replication": null, "layers_pattern": null, "layers_to_transform": null, "loftq_config": {},
                  "lora_alpha": 16, "lora_dropout": 0.1, "megatron_config": null, "megatron_core": "megatron.core",
                  "modules_to_save": ["classifier", "score"], "peft_type": "LORA", "r": 8, "rank_pattern": {},
                  "revision": null, "target_modules": ["value", "query"], "task_type": "SEQ_CLS", "use_dora": false,
                  "use_rslora": false
                }""");
        AdapterConfigFile.Saved saved = AdapterConfigFile.read(file);
        assertThat(saved.config())
                .isEqualTo(new LoraConfig(
                        8,
                        16f,
                        0.1f,
                        false,
                        LoraInit.KAIMING,
                        new TargetSelector.Suffixes(List.of("value", "query")),
                        List.of("classifier", "score")));
        assertThat(saved.baseModel()).isEqualTo("sentence-transformers/all-MiniLM-L6-v2");
    }

    private void assertRejected(String json, String... messageParts) throws IOException {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, json);
        var thrown = assertThatThrownBy(() -> AdapterConfigFile.read(file))
                .isInstanceOf(AdapterFileException.class)
                .hasMessageStartingWith(file.toString());
        for (String part : messageParts) {
            thrown.hasMessageContaining(part);
        }
    }

    @Test
    void rejectsMalformedFilesWithPreciseMessages() throws IOException {
        assertRejected("{ not json", "not valid JSON");
        assertRejected("", "expected a JSON object");
        assertRejected("[1, 2]", "expected a JSON object");
        assertRejected("{}", "missing \"type\"");
        assertRejected("{\"type\": \"mora\"}", "unknown adapter type \"mora\"", "more, head-only, full");
        assertRejected("{\"type\": 3}", "\"type\" must be a string, got 3");
        assertRejected(
                "{\"type\": \"more\", \"nblocks\": \"four\", \"blk_r\": 4, \"targets\": [\"query\"]}",
                "\"nblocks\" must be an integer, got \"four\"");
        assertRejected(
                "{\"type\": \"more\", \"nblocks\": 4.5, \"blk_r\": 4, \"targets\": [\"query\"]}",
                "\"nblocks\" must be an integer");
        assertRejected("{\"type\": \"more\", \"nblocks\": 4, \"targets\": [\"query\"]}", "missing \"blk_r\"");
        assertRejected("{\"type\": \"more\", \"nblocks\": 0, \"blk_r\": 4, \"targets\": [\"query\"]}", "nblocks >= 1");
        assertRejected("{\"type\": \"more\", \"nblocks\": 4, \"blk_r\": 4}", "missing \"targets\"");
        assertRejected("{\"type\": \"more\", \"nblocks\": 4, \"blk_r\": 4, \"targets\": []}", "the list is empty");
        assertRejected(
                "{\"type\": \"more\", \"nblocks\": 4, \"blk_r\": 4, \"targets\": [\"query\", 7]}",
                "\"targets\" must be a list of strings");
        assertRejected(
                "{\"type\": \"more\", \"nblocks\": 4, \"blk_r\": 4, \"targets\": \"(query\"}",
                "not a valid regular expression");
        assertRejected(
                "{\"type\": \"more\", \"nblocks\": 4, \"blk_r\": 4, \"targets\": [\"query\"], \"scaler\": \"diag\"}",
                "unknown scaler 'diag'",
                "none, scalar, per-feature");
        assertRejected(
                "{\"type\": \"more\", \"nblocks\": 4, \"blk_r\": 4, \"targets\": [\"query\"], \"dropout\": 1.5}",
                "dropout must be in [0, 1)");
        assertRejected(
                "{\"type\": \"more\", \"nblocks\": 4, \"blk_r\": 4, \"targets\": [\"query\"], \"init\": \"svd\"}",
                "unknown MoRe init 'svd'");
        assertRejected(
                "{\"type\": \"more\", \"nblocks\": 4, \"blk_r\": 4, \"targets\": [\"query\"], "
                        + "\"modules_to_save\": \"classifier\"}",
                "\"modules_to_save\" must be a list of strings");
        assertRejected("{\"type\": \"head-only\"}", "at least one trainable module");
    }

    @Test
    void rejectsPeftVariantsItDoesNotImplement() throws IOException {
        String base = "\"peft_type\": \"LORA\", \"r\": 8, \"lora_alpha\": 16, \"target_modules\": [\"query\"]";
        assertRejected(
                "{\"peft_type\": \"IA3\", \"target_modules\": [\"query\"]}", "peft_type \"IA3\" is not supported");
        assertRejected("{" + base + ", \"bias\": \"all\"}", "bias \"all\" is not supported");
        assertRejected("{" + base + ", \"use_dora\": true}", "DoRA (use_dora) is not supported");
        assertRejected("{" + base + ", \"fan_in_fan_out\": true}", "fan_in_fan_out");
        assertRejected("{" + base + ", \"rank_pattern\": {\"query\": 4}}", "\"rank_pattern\" is not supported");
        assertRejected("{" + base + ", \"layers_to_transform\": [0, 1]}", "\"layers_to_transform\" is not supported");
        assertRejected(
                "{" + base + ", \"init_lora_weights\": \"pissa\"}", "init_lora_weights \"pissa\" is not supported");
        assertRejected("{\"peft_type\": \"LORA\", \"target_modules\": [\"query\"]}", "missing \"r\"");
        assertRejected("{\"peft_type\": \"LORA\", \"r\": 0, \"target_modules\": [\"query\"]}", "r must be >= 1, got 0");
        assertRejected("{\"peft_type\": \"LORA\", \"r\": 8}", "missing \"target_modules\"");
        assertRejected("{" + base + ", \"use_rslora\": \"yes\"}", "\"use_rslora\" must be true or false");
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("nowhere").resolve("adapter_config.json");
        assertThatThrownBy(() -> AdapterConfigFile.read(missing))
                .isInstanceOf(AdapterFileException.class)
                .hasMessage(missing + ": no such file");
    }

    @Test
    void targetSpecsParseAndPrintBack() {
        assertThat(TargetSelector.parse("all-linear")).isEqualTo(new TargetSelector.AllLinear());
        assertThat(TargetSelector.parse("regex:.*query")).isEqualTo(new TargetSelector.Regex(".*query"));
        assertThat(TargetSelector.parse("query, key,value"))
                .isEqualTo(new TargetSelector.Suffixes(List.of("query", "key", "value")));
        for (String spec : List.of("all-linear", "regex:.*\\.query", "query,key")) {
            assertThat(TargetSelector.parse(spec).spec()).isEqualTo(spec);
        }
        assertThat(TargetSelector.parse("query").matches("bert.encoder.layer.0.attention.self.query"))
                .isTrue();
        assertThat(TargetSelector.parse("query").matches("bert.encoder.layer.0.attention.self.subquery"))
                .isFalse();
        assertThat(TargetSelector.parse("self.query").matches("bert.encoder.layer.0.attention.self.query"))
                .isTrue();
        assertThatThrownBy(() -> TargetSelector.parse("query,,key")).hasMessageContaining("must be non-blank");
        assertThatThrownBy(() -> TargetSelector.parse(".query")).hasMessageContaining("'.query'");
    }
}
