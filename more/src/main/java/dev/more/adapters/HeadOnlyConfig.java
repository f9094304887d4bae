package dev.more.adapters;

import java.util.List;

/**
 * No adapters: the base model is frozen and only the trainable modules (the head) learn; the baseline
 * that shows what the adapters add.
 *
 * @param trainableModules the modules that train, e.g. {@code classifier}
 */
public record HeadOnlyConfig(List<String> trainableModules) implements AdapterConfig {
    /** The type name in {@code adapter_config.json}. */
    public static final String TYPE = "head-only";

    /** Checks the names; at least one module must train. */
    public HeadOnlyConfig {
        trainableModules = AdapterConfig.checkTrainable(trainableModules);
        if (trainableModules.isEmpty()) {
            throw new IllegalArgumentException("head-only training needs at least one trainable module");
        }
    }

    /** Only {@code classifier} trains. */
    public static HeadOnlyConfig defaults() {
        return new HeadOnlyConfig(DEFAULT_TRAINABLE);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
