package dev.more.adapters;

import java.util.List;
import java.util.Objects;

/**
 * LoRA adapters (see {@link LoraLinear}), with PEFT's meaning for every field.
 *
 * @param r rank
 * @param alpha {@code lora_alpha}; the update is scaled by {@code alpha / r}, or {@code alpha / sqrt(r)} with rsLoRA
 * @param dropout dropout probability on the adapter's input, in [0, 1)
 * @param rslora rank-stabilised scaling ({@code use_rslora})
 * @param init how A starts
 * @param targets which Linear modules to adapt
 * @param trainableModules modules trained in full besides the adapters
 */
public record LoraConfig(
        int r,
        float alpha,
        float dropout,
        boolean rslora,
        LoraInit init,
        TargetSelector targets,
        List<String> trainableModules)
        implements AdapterConfig {
    /** The type name in {@code adapter_config.json} files this project writes for comparison runs. */
    public static final String TYPE = "lora";

    /** Checks the values. */
    public LoraConfig {
        if (r < 1) {
            throw new IllegalArgumentException("LoRA rank r must be >= 1, got " + r);
        }
        if (!Float.isFinite(alpha) || alpha == 0f) {
            throw new IllegalArgumentException("lora_alpha must be finite and non-zero, got " + alpha);
        }
        AdapterConfig.checkDropout(dropout);
        Objects.requireNonNull(init, "init");
        Objects.requireNonNull(targets, "targets");
        trainableModules = AdapterConfig.checkTrainable(trainableModules);
    }

    /** PEFT's defaults (r 8, alpha 8, no dropout, Kaiming A) on BERT's query and value, head trainable. */
    public static LoraConfig defaults() {
        return new LoraConfig(
                8,
                8f,
                0f,
                false,
                LoraInit.KAIMING,
                new TargetSelector.Suffixes(List.of("query", "value")),
                DEFAULT_TRAINABLE);
    }

    /** The factor applied to {@code B·A·x}: {@code alpha / r}, or {@code alpha / sqrt(r)} with rsLoRA. */
    public float scaling() {
        return (float) (rslora ? alpha / Math.sqrt(r) : (double) alpha / r);
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** This configuration with another rank and alpha. */
    public LoraConfig withRank(int r, float alpha) {
        return new LoraConfig(r, alpha, dropout, rslora, init, targets, trainableModules);
    }

    /** This configuration with another dropout. */
    public LoraConfig withDropout(float dropout) {
        return new LoraConfig(r, alpha, dropout, rslora, init, targets, trainableModules);
    }

    /** This configuration with rsLoRA scaling on or off. */
    public LoraConfig withRslora(boolean rslora) {
        return new LoraConfig(r, alpha, dropout, rslora, init, targets, trainableModules);
    }

    /** This configuration with another init. */
    public LoraConfig withInit(LoraInit init) {
        return new LoraConfig(r, alpha, dropout, rslora, init, targets, trainableModules);
    }

    /** This configuration with other targets. */
    public LoraConfig withTargets(TargetSelector targets) {
        return new LoraConfig(r, alpha, dropout, rslora, init, targets, trainableModules);
    }

    /** This configuration with other trainable modules. */
    public LoraConfig withTrainableModules(List<String> trainableModules) {
        return new LoraConfig(r, alpha, dropout, rslora, init, targets, trainableModules);
    }
}
