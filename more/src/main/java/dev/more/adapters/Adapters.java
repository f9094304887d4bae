package dev.more.adapters;

import dev.more.nn.Module;
import dev.more.nn.layers.Linear;
import dev.more.tensor.Rng;
import dev.more.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Puts adapters into a model and takes them out again: injection by target module path, freezing,
 * merge and unmerge over the whole model.
 */
public final class Adapters {
    private Adapters() {}

    /**
     * Applies {@code config} to {@code model}: for MoRe and LoRA, every targeted Linear module is
     * replaced by an adapted one; then everything is frozen except the adapters and the trainable
     * modules (head-only: only those; full: nothing is frozen). Each adapter draws its init from its own
     * {@link Rng#split()} of {@code rng}, in model order.
     *
     * @throws IllegalArgumentException if a target name or pattern matches no Linear module, or a trainable
     *     module name matches no module; the message lists the names available
     * @throws IllegalStateException if the model already has adapters
     */
    public static Injection inject(Module model, AdapterConfig config, Rng rng) {
        Objects.requireNonNull(config, "config");
        Map<String, AdapterLayer> existing = layers(model);
        if (!existing.isEmpty()) {
            throw new IllegalStateException("the model already has adapters at " + existing.keySet()
                    + "; inject into a model without adapters");
        }
        List<String> trainable = resolveTrainable(model, config.trainableModules());
        List<String> targets = switch (config) {
            case MoReConfig more -> resolveTargets(model, more.targets(), trainable);
            case LoraConfig lora -> resolveTargets(model, lora.targets(), trainable);
            case HeadOnlyConfig headOnly -> List.of();
            case FullConfig full -> List.of();
        };
        model.requiresGrad(config instanceof FullConfig);
        for (String path : targets) {
            Linear base = (Linear) model.module(path);
            Module adapted = switch (config) {
                case MoReConfig more -> MoReLinear.of(base, more, rng.split());
                case LoraConfig lora -> LoraLinear.of(base, lora, rng.split());
                default -> throw new IllegalStateException("no adapters for " + config.type());
            };
            model.replaceModule(path, adapted);
        }
        for (String path : trainable) {
            model.module(path).requiresGrad(true);
        }
        long adapterParams = layers(model).values().stream()
                .mapToLong(AdapterLayer::adapterParameterCount)
                .sum();
        return new Injection(
                config, targets, trainable, adapterParams, model.trainableParameterCount(), model.parameterCount());
    }

    /** The paths of the modules named by {@code names} (each equal to a path or its last segments). */
    private static List<String> resolveTrainable(Module model, List<String> names) {
        List<String> paths = new ArrayList<>();
        for (String name : names) {
            List<String> found = model.namedModules().keySet().stream()
                    .filter(path -> TargetSelector.Suffixes.matches(path, name))
                    .toList();
            if (found.isEmpty()) {
                throw new IllegalArgumentException("trainable module '" + name + "' matches no module; top-level "
                        + "modules: " + model.children().keySet());
            }
            found.stream().filter(p -> !paths.contains(p)).forEach(paths::add);
        }
        return paths;
    }

    /** The Linear modules the selector picks, outside the trainable modules; each name or pattern must pick one. */
    private static List<String> resolveTargets(Module model, TargetSelector selector, List<String> trainable) {
        List<String> linear = model.namedModules().entrySet().stream()
                .filter(e -> e.getValue() instanceof Linear)
                .map(Map.Entry::getKey)
                .filter(path -> trainable.stream().noneMatch(t -> path.equals(t) || path.startsWith(t + ".")))
                .toList();
        List<String> unmatched = switch (selector) {
            case TargetSelector.Suffixes s ->
                s.names().stream()
                        .filter(name -> linear.stream().noneMatch(path -> TargetSelector.Suffixes.matches(path, name)))
                        .toList();
            case TargetSelector.Regex r -> linear.stream().anyMatch(r::matches) ? List.of() : List.of(r.pattern());
            case TargetSelector.AllLinear a -> linear.isEmpty() ? List.of(a.spec()) : List.of();
        };
        if (!unmatched.isEmpty()) {
            throw new IllegalArgumentException("target "
                    + String.join(
                            ", ", unmatched.stream().map(t -> "'" + t + "'").toList()) + " matches no Linear module"
                    + (trainable.isEmpty() ? "" : " outside the trainable modules " + trainable)
                    + "; available Linear modules: " + String.join(", ", linear));
        }
        return linear.stream().filter(selector::matches).toList();
    }

    /** The adapted layers of {@code model} by path, in model order. */
    public static Map<String, AdapterLayer> layers(Module model) {
        Map<String, AdapterLayer> out = new LinkedHashMap<>();
        model.namedModules().forEach((path, m) -> {
            if (m instanceof AdapterLayer layer) {
                out.put(path, layer);
            }
        });
        return out;
    }

    /** PEFT's trainable-parameter line for {@code model} as it is now. */
    public static String summary(Module model) {
        return Injection.summary(model.trainableParameterCount(), model.parameterCount());
    }

    /**
     * Merges every unmerged adapter into its base weight. All merged weights are computed and checked
     * first, so a failure leaves every weight as it was.
     *
     * @throws IllegalStateException naming the layer whose merge would produce NaN or an infinity
     */
    public static void merge(Module model) {
        Map<AdapterLayer, Tensor> merged = new LinkedHashMap<>();
        layers(model).forEach((path, layer) -> {
            if (!layer.isMerged()) {
                try {
                    merged.put(layer, layer.mergedWeight());
                } catch (IllegalStateException e) {
                    throw new IllegalStateException("cannot merge '" + path + "': " + e.getMessage(), e);
                }
            }
        });
        merged.keySet().forEach(AdapterLayer::merge);
    }

    /** Unmerges every merged adapter. */
    public static void unmerge(Module model) {
        layers(model).values().stream().filter(AdapterLayer::isMerged).forEach(AdapterLayer::unmerge);
    }

    /**
     * Merges every adapter and puts each base Linear back in its place: the result is a plain model
     * whose state dict has only the original names, ready to save as a fine-tuned checkpoint.
     */
    public static Module mergeAndUnload(Module model) {
        merge(model);
        layers(model).forEach((path, layer) -> model.replaceModule(path, layer.base()));
        return model;
    }
}
