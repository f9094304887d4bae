package dev.more.cli;

import dev.more.train.BaseModel;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The shared {@code --model} flag of training commands. */
final class ModelOption {
    @Option(
            names = "--model",
            paramLabel = "minilm|PATH",
            defaultValue = "minilm",
            description = "Base model: minilm (all-MiniLM-L6-v2, built in) or a Hugging Face folder with config.json, "
                    + "model.safetensors and tokenizer.json (default: ${DEFAULT-VALUE}).")
    String model;

    /** The flag's value, checked as {@link #check} does. */
    String checked(CommandLine command) {
        return check(model, "--model", command);
    }

    /**
     * {@code model} when it is {@code minilm}, null or an existing folder; anything else is a usage error
     * naming {@code flag}.
     */
    static String check(String model, String flag, CommandLine command) {
        if (model != null && !model.equals(BaseModel.MINILM) && !Files.isDirectory(Path.of(model))) {
            throw new CommandLine.ParameterException(
                    command, flag + ": '" + model + "' is neither 'minilm' nor an existing folder");
        }
        return model;
    }
}
