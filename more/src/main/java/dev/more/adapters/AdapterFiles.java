package dev.more.adapters;

import dev.more.nn.Module;
import dev.more.nn.Parameter;
import dev.more.tensor.Rng;
import dev.more.tensor.Tensor;
import dev.more.tensor.io.SafeTensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adapter folders: {@code adapter_config.json} ({@link AdapterConfigFile}) and the trainable
 * parameters in safetensors. MoRe, head-only and full runs write {@code adapter.safetensors} with the
 * model's own names ({@code <module path>.blkdiag1}, {@code .blkdiag2}, {@code .scaler}, and the
 * trainable modules' {@code classifier.weight}, ...), the official MoRe layout; LoRA writes Hugging
 * Face PEFT's {@code adapter_model.safetensors} with every name prefixed by {@code base_model.model.}
 * ({@code base_model.model.<module path>.lora_A.weight}, {@code base_model.model.classifier.weight}),
 * so PEFT loads it and adapters PEFT trained on the same architecture load here.
 */
public final class AdapterFiles {
    /** The weights of MoRe, head-only and full runs. */
    public static final String WEIGHTS = "adapter.safetensors";
    /** The weights of LoRA runs, PEFT's name. */
    public static final String PEFT_WEIGHTS = "adapter_model.safetensors";
    /** PEFT's prefix on every tensor name. */
    public static final String PEFT_PREFIX = "base_model.model.";

    private AdapterFiles() {}

    /** The weights file name for {@code config}. */
    public static String weightsFileName(AdapterConfig config) {
        return config instanceof LoraConfig ? PEFT_WEIGHTS : WEIGHTS;
    }

    /**
     * Writes {@code model}'s trainable parameters and {@code config} into {@code dir} (created if needed),
     * each file atomically. {@code model} must be the one {@code config} was injected into.
     */
    public static void save(Path dir, Module model, AdapterConfig config, String baseModel) throws IOException {
        Files.createDirectories(dir);
        String prefix = config instanceof LoraConfig ? PEFT_PREFIX : "";
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        model.namedParameters().forEach((name, p) -> {
            if (p.trainable()) {
                tensors.put(prefix + name, p.value());
            }
        });
        SafeTensors.write(dir.resolve(weightsFileName(config)), tensors, Map.of("format", "pt"));
        AdapterConfigFile.write(dir.resolve(AdapterConfigFile.FILE_NAME), config, baseModel);
    }

    /**
     * Applies the adapter in {@code dir} to {@code model}, a base model without adapters: injects the
     * configured adapters (drawing a throw-away init from {@code rng}), then loads every trainable
     * parameter from the weights file. Every mismatch is reported at once: a missing tensor, a tensor
     * of the wrong shape, a tensor for a module the model does not have, or one the configuration does
     * not explain. On failure the model holds freshly initialised adapters and should be discarded.
     *
     * @return the injection, as {@link Adapters#inject} reports it
     * @throws AdapterFileException if a file is missing or malformed or does not fit the model
     */
    public static Injection load(Path dir, Module model, Rng rng) throws IOException {
        Path configFile = dir.resolve(AdapterConfigFile.FILE_NAME);
        AdapterConfigFile.Saved saved = AdapterConfigFile.read(configFile);
        Path weightsFile = dir.resolve(weightsFileName(saved.config()));
        if (!Files.exists(weightsFile)) {
            throw new AdapterFileException(weightsFile + ": no such file (" + configFile.getFileName() + " describes a "
                    + saved.config().type() + " adapter)");
        }
        Map<String, Tensor> tensors = SafeTensors.read(weightsFile);
        Injection injection;
        try {
            injection = Adapters.inject(model, saved.config(), rng);
        } catch (IllegalArgumentException e) {
            throw new AdapterFileException(configFile + " does not fit the model: " + e.getMessage(), e);
        }
        String prefix = saved.config() instanceof LoraConfig ? PEFT_PREFIX : "";
        Map<String, Parameter> expected = new LinkedHashMap<>();
        model.namedParameters().forEach((name, p) -> {
            if (p.trainable()) {
                expected.put(prefix + name, p);
            }
        });
        List<String> problems = problems(model, prefix, expected, tensors);
        if (!problems.isEmpty()) {
            throw new AdapterFileException(
                    weightsFile + " does not fit the model (" + problems.size() + " problem"
                            + (problems.size() == 1 ? "" : "s") + ")",
                    problems);
        }
        expected.forEach((key, p) -> p.setValue(tensors.get(key)));
        return injection;
    }

    private static List<String> problems(
            Module model, String prefix, Map<String, Parameter> expected, Map<String, Tensor> tensors) {
        List<String> problems = new ArrayList<>();
        expected.forEach((key, p) -> {
            Tensor t = tensors.get(key);
            if (t == null) {
                problems.add("missing tensor '" + key + "' of shape " + Arrays.toString(p.shape()));
            } else if (!Arrays.equals(t.shape(), p.shape())) {
                problems.add("wrong shape for '" + key + "': the file has " + Arrays.toString(t.shape())
                        + ", the model needs " + Arrays.toString(p.shape()));
            }
        });
        Map<String, Module> modules = model.namedModules();
        for (String key : tensors.keySet()) {
            if (expected.containsKey(key)) {
                continue;
            }
            if (!key.startsWith(prefix)) {
                problems.add("unknown tensor '" + key + "': PEFT names start with '" + prefix + "'");
                continue;
            }
            String name = key.substring(prefix.length());
            int dot = name.lastIndexOf('.');
            String module = dot < 0 ? "" : name.substring(0, dot);
            if (!module.isEmpty() && !modules.containsKey(module)) {
                problems.add("tensor '" + key + "' is for module '" + module + "', which the model does not have");
            } else {
                problems.add("unknown tensor '" + key + "': "
                        + (module.isEmpty() ? "the model" : "module '" + module + "'") + " has no trainable parameter '"
                        + name.substring(dot + 1) + "' under this configuration");
            }
        }
        return problems;
    }
}
