package dev.more.adapters;

import java.util.List;
import java.util.Locale;

/**
 * What {@link Adapters#inject} did.
 *
 * @param config the configuration applied
 * @param adaptedModules the paths of the Linear modules that received an adapter, in model order
 * @param trainableModules the paths of the modules trained in full (e.g. {@code classifier})
 * @param adapterParameters elements of the adapters' own parameters
 * @param trainableParameters elements of every trainable parameter (adapters and trainable modules)
 * @param totalParameters elements of every parameter of the model, adapters included
 */
public record Injection(
        AdapterConfig config,
        List<String> adaptedModules,
        List<String> trainableModules,
        long adapterParameters,
        long trainableParameters,
        long totalParameters) {
    /** Copies the lists. */
    public Injection {
        adaptedModules = List.copyOf(adaptedModules);
        trainableModules = List.copyOf(trainableModules);
    }

    /** PEFT's line: {@code trainable params: 73,728 || all params: 22,639,104 || trainable%: 0.3257}. */
    public String summary() {
        return summary(trainableParameters, totalParameters);
    }

    /** PEFT's {@code print_trainable_parameters} line for the given counts. */
    public static String summary(long trainable, long total) {
        double percent = total == 0 ? 0 : 100.0 * trainable / total;
        return String.format(
                Locale.ROOT,
                "trainable params: %,d || all params: %,d || trainable%%: %.4f",
                trainable,
                total,
                percent);
    }
}
