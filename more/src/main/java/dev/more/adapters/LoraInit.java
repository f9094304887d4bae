package dev.more.adapters;

/** How a LoRA adapter's A starts (B always starts at zero, so the update is 0 at step 0). */
public enum LoraInit {
    /** PEFT's default: {@code kaiming_uniform_(a = sqrt(5))}, i.e. U(−1/sqrt(in), 1/sqrt(in)). */
    KAIMING,
    /** PEFT's {@code init_lora_weights = "gaussian"}: N(0, (1/r)²). */
    GAUSSIAN
}
