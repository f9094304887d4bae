package dev.more.adapters;

import java.util.List;

/** No adapters: every parameter trains (full fine-tuning), the upper baseline for comparisons. */
public record FullConfig() implements AdapterConfig {
    /** The type name in {@code adapter_config.json}. */
    public static final String TYPE = "full";

    @Override
    public String type() {
        return TYPE;
    }

    /** Empty: every module trains anyway. */
    @Override
    public List<String> trainableModules() {
        return List.of();
    }
}
