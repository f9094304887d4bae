package dev.more.adapters;

import java.util.List;

/**
 * What to fine-tune: MoRe or LoRA adapters on chosen Linear modules, or, for comparisons, only the
 * head or the whole model. Every kind names its trainable modules (PEFT's {@code modules_to_save}):
 * modules trained in full besides the adapters, by default the classification head {@code classifier}.
 */
public sealed interface AdapterConfig permits MoReConfig, LoraConfig, HeadOnlyConfig, FullConfig {
    /** The default trainable modules: the classification head. */
    List<String> DEFAULT_TRAINABLE = List.of("classifier");

    /** The {@code type} written to {@code adapter_config.json}: more, lora, head-only or full. */
    String type();

    /** Module names (matched as target names are) trained in full besides the adapters. */
    List<String> trainableModules();

    /** Checks a list of trainable module names and returns an unmodifiable copy. */
    static List<String> checkTrainable(List<String> names) {
        List<String> copy = List.copyOf(names);
        for (String name : copy) {
            if (name.isBlank()
                    || name.startsWith(".")
                    || name.endsWith(".")
                    || !name.strip().equals(name)) {
                throw new IllegalArgumentException("trainable module name '" + name + "' in " + copy
                        + " must be non-blank, without surrounding spaces or dots");
            }
        }
        return copy;
    }

    /** Checks a dropout probability: in [0, 1). */
    static float checkDropout(float dropout) {
        if (!(dropout >= 0f && dropout < 1f)) {
            throw new IllegalArgumentException("adapter dropout must be in [0, 1), got " + dropout);
        }
        return dropout;
    }
}
