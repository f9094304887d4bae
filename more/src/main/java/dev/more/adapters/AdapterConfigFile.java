package dev.more.adapters;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.more.tensor.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code adapter_config.json}: LoRA in Hugging Face PEFT's format ({@code peft_type: "LORA"}, {@code r},
 * {@code lora_alpha}, {@code target_modules}, ...); MoRe, head-only and full runs in this project's
 * format ({@code type}, and for MoRe {@code nblocks}, {@code blk_r}, {@code blk_sz}, {@code scaler},
 * {@code dropout}, {@code init}, {@code targets}), all with {@code modules_to_save} and the base model.
 * Targets are written as PEFT writes {@code target_modules}: a list of names, {@code "all-linear"}, or
 * any other string as a regular expression matching whole module paths.
 */
public final class AdapterConfigFile {
    /** The file name in an adapter folder. */
    public static final String FILE_NAME = "adapter_config.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private AdapterConfigFile() {}

    /**
     * What an adapter folder's configuration says.
     *
     * @param config the adapter configuration
     * @param baseModel the base model it was trained on (a name such as {@code minilm} or a path), or "" if unknown
     */
    public record Saved(AdapterConfig config, String baseModel) {
        /** Checks for nulls. */
        public Saved {
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(baseModel, "baseModel");
        }
    }

    /** Writes {@code config} to {@code file} atomically. */
    public static void write(Path file, AdapterConfig config, String baseModel) throws IOException {
        AtomicFiles.write(file, JSON.writeValueAsBytes(toJson(config, baseModel)));
    }

    /**
     * Reads {@code file}.
     *
     * @throws AdapterFileException if the file is missing, not JSON, or names an unknown type or an invalid value
     */
    public static Saved read(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new AdapterFileException(file + ": no such file", e);
        }
        return read(bytes, file.toString());
    }

    /**
     * Reads the bytes of an {@code adapter_config.json}, as {@link #read(Path)} does.
     *
     * @param source the name to use in messages, e.g. the file's path
     * @throws AdapterFileException if the bytes are not JSON, or name an unknown type or an invalid value; no
     *     other exception comes from malformed bytes
     */
    public static Saved read(byte[] bytes, String source) throws AdapterFileException {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JacksonException e) {
            throw new AdapterFileException(source + ": not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            // A CharConversionException: Jackson guesses UTF-16 or UTF-32 from the first bytes, which then fail.
            throw new AdapterFileException(source + ": not valid JSON text: " + e.getMessage(), e);
        }
        return fromJson(root, source);
    }

    /** The JSON object for {@code config}. */
    static ObjectNode toJson(AdapterConfig config, String baseModel) {
        ObjectNode root = JSON.createObjectNode();
        switch (config) {
            case LoraConfig lora -> {
                root.put("peft_type", "LORA");
                root.put(
                        "task_type", lora.trainableModules().contains("classifier") ? "SEQ_CLS" : "FEATURE_EXTRACTION");
                root.put("base_model_name_or_path", baseModel);
                root.put("r", lora.r());
                putNumber(root, "lora_alpha", lora.alpha());
                putNumber(root, "lora_dropout", lora.dropout());
                putTargets(root, "target_modules", lora.targets());
                root.put("use_rslora", lora.rslora());
                if (lora.init() == LoraInit.GAUSSIAN) {
                    root.put("init_lora_weights", "gaussian");
                } else {
                    root.put("init_lora_weights", true);
                }
                root.put("bias", "none");
                root.put("fan_in_fan_out", false);
                root.put("use_dora", false);
                root.put("inference_mode", true);
                putModules(root, lora.trainableModules());
            }
            case MoReConfig more -> {
                root.put("type", MoReConfig.TYPE);
                root.put("base_model", baseModel);
                root.put("nblocks", more.nblocks());
                root.put("blk_r", more.blkR());
                if (more.blkSz() > 0) {
                    root.put("blk_sz", more.blkSz());
                } else {
                    root.putNull("blk_sz");
                }
                root.put("scaler", more.scaler().jsonName());
                putNumber(root, "dropout", more.dropout());
                root.put("init", more.init().jsonName());
                putTargets(root, "targets", more.targets());
                putModules(root, more.trainableModules());
            }
            case HeadOnlyConfig headOnly -> {
                root.put("type", HeadOnlyConfig.TYPE);
                root.put("base_model", baseModel);
                putModules(root, headOnly.trainableModules());
            }
            case FullConfig full -> {
                root.put("type", FullConfig.TYPE);
                root.put("base_model", baseModel);
            }
        }
        return root;
    }

    /** Floats written as the shortest decimal that reads back to the same float (0.1, not 0.10000000149). */
    private static void putNumber(ObjectNode root, String key, float value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e9) {
            root.put(key, (long) value);
        } else {
            root.put(key, Double.parseDouble(Float.toString(value)));
        }
    }

    private static void putTargets(ObjectNode root, String key, TargetSelector targets) {
        switch (targets) {
            case TargetSelector.Suffixes s -> s.names().forEach(root.putArray(key)::add);
            case TargetSelector.Regex r -> root.put(key, r.pattern());
            case TargetSelector.AllLinear a -> root.put(key, TargetSelector.ALL_LINEAR);
        }
    }

    private static void putModules(ObjectNode root, List<String> modules) {
        if (modules.isEmpty()) {
            root.putNull("modules_to_save");
        } else {
            ArrayNode array = root.putArray("modules_to_save");
            modules.forEach(array::add);
        }
    }

    /** Parses a configuration object; {@code source} names it in errors. */
    static Saved fromJson(JsonNode root, String source) throws AdapterFileException {
        if (root == null || !root.isObject()) {
            throw new AdapterFileException(source + ": expected a JSON object");
        }
        JsonFields f = new JsonFields(root, source);
        try {
            if (root.has("peft_type")) {
                return new Saved(PeftLoraJson.read(f), f.optionalText("base_model_name_or_path", ""));
            }
            String type = f.text("type");
            List<String> modules = f.optionalTextList("modules_to_save");
            AdapterConfig config = switch (type) {
                case MoReConfig.TYPE ->
                    new MoReConfig(
                            f.integer("nblocks"),
                            f.integer("blk_r"),
                            f.optionalInteger("blk_sz", 0),
                            ScalerKind.parse(f.optionalText("scaler", "none")),
                            f.optionalNumber("dropout", 0f),
                            MoReInit.parse(f.optionalText("init", "kaiming")),
                            f.targets("targets"),
                            modules);
                case HeadOnlyConfig.TYPE -> new HeadOnlyConfig(modules);
                case FullConfig.TYPE -> new FullConfig();
                default ->
                    throw new AdapterFileException(source + ": unknown adapter type \"" + type + "\"; expected "
                            + String.join(", ", MoReConfig.TYPE, HeadOnlyConfig.TYPE, FullConfig.TYPE)
                            + ", or a PEFT config with \"peft_type\"");
            };
            return new Saved(config, f.optionalText("base_model", ""));
        } catch (IllegalArgumentException e) {
            throw new AdapterFileException(source + ": " + e.getMessage(), e);
        }
    }

    /** Typed access to the fields of one JSON object, with errors naming the source and the key. */
    record JsonFields(JsonNode root, String source) {
        private JsonNode present(String key) throws AdapterFileException {
            JsonNode v = root.get(key);
            if (v == null || v.isNull()) {
                throw new AdapterFileException(source + ": missing \"" + key + "\"");
            }
            return v;
        }

        private AdapterFileException wrong(String key, String expected) {
            return new AdapterFileException(
                    source + ": \"" + key + "\" must be " + expected + ", got " + root.get(key));
        }

        boolean isSet(String key) {
            JsonNode v = root.get(key);
            return v != null && !v.isNull();
        }

        String text(String key) throws AdapterFileException {
            JsonNode v = present(key);
            if (!v.isTextual()) {
                throw wrong(key, "a string");
            }
            return v.textValue();
        }

        String optionalText(String key, String fallback) throws AdapterFileException {
            return isSet(key) ? text(key) : fallback;
        }

        int integer(String key) throws AdapterFileException {
            JsonNode v = present(key);
            if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                throw wrong(key, "an integer");
            }
            return v.intValue();
        }

        int optionalInteger(String key, int fallback) throws AdapterFileException {
            return isSet(key) ? integer(key) : fallback;
        }

        float number(String key) throws AdapterFileException {
            JsonNode v = present(key);
            if (!v.isNumber()) {
                throw wrong(key, "a number");
            }
            return v.floatValue();
        }

        float optionalNumber(String key, float fallback) throws AdapterFileException {
            return isSet(key) ? number(key) : fallback;
        }

        boolean bool(String key, boolean fallback) throws AdapterFileException {
            if (!isSet(key)) {
                return fallback;
            }
            JsonNode v = root.get(key);
            if (!v.isBoolean()) {
                throw wrong(key, "true or false");
            }
            return v.booleanValue();
        }

        List<String> optionalTextList(String key) throws AdapterFileException {
            if (!isSet(key)) {
                return List.of();
            }
            JsonNode v = root.get(key);
            if (!v.isArray()) {
                throw wrong(key, "a list of strings");
            }
            List<String> out = new ArrayList<>();
            for (JsonNode e : v) {
                if (!e.isTextual()) {
                    throw wrong(key, "a list of strings");
                }
                out.add(e.textValue());
            }
            return out;
        }

        TargetSelector targets(String key) throws AdapterFileException {
            JsonNode v = present(key);
            if (v.isTextual()) {
                return v.textValue().equals(TargetSelector.ALL_LINEAR)
                        ? new TargetSelector.AllLinear()
                        : new TargetSelector.Regex(v.textValue());
            }
            List<String> names = optionalTextList(key);
            return new TargetSelector.Suffixes(names);
        }
    }
}
