package dev.more.cli;

import picocli.CommandLine.Option;

/** The shared {@code --model} flag of training commands. */
final class ModelOption {
    @Option(names = "--model", paramLabel = "minilm|PATH", defaultValue = "minilm",
            description = "Base model: minilm (all-MiniLM-L6-v2, built in) or a Hugging Face folder with config.json, "
                    + "model.safetensors and tokenizer.json (default: ${DEFAULT-VALUE}).")
    String model;
}
