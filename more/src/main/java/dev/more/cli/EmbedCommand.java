package dev.more.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.more.nn.embed.SentenceEmbedder;
import dev.more.tensor.Devices;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code more embed}: sentence embeddings as JSON, {@code [{"text": ..., "embedding": [...]}, ...]}, one object per
 * line, in input order; to stdout, or to {@code DIR/embeddings.json} with {@code --out DIR}.
 */
@Command(
        name = "embed",
        mixinStandardHelpOptions = true,
        description = {
            "Embed sentences with the model (mean pool of the last hidden state, L2-normalised by "
                    + "default, as the sentence-transformers pipeline of all-MiniLM-L6-v2) and print them as JSON: "
                    + "[{\"text\": ..., \"embedding\": [...]}, ...]."
        })
final class EmbedCommand implements Callable<Integer> {
    /** The file {@code --out} writes. */
    static final String OUTPUT_FILE = "embeddings.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--text", paramLabel = "TEXT", description = "A sentence to embed; repeat for more.")
    List<String> texts = new ArrayList<>();

    @Option(
            names = "--file",
            paramLabel = "FILE",
            description = "A UTF-8 text file with one sentence per line (blank lines are skipped); "
                    + "embedded after the --text sentences.")
    Path file;

    @Option(
            names = "--model",
            paramLabel = "minilm|PATH",
            defaultValue = "minilm",
            description = "'minilm' (all-MiniLM-L6-v2, bundled) or a Hugging Face folder with config.json, "
                    + "model.safetensors and tokenizer.json (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(
            names = "--normalize",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "L2-normalise each vector (default); --no-normalize prints the plain mean pool.")
    boolean normalize;

    @Option(names = "--out", paramLabel = "DIR", description = "Write DIR/" + OUTPUT_FILE + " instead of stdout.")
    Path out;

    @Mixin
    ThreadsOption threads;

    @Mixin
    DeviceOption device;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        threads.apply(spec.commandLine());
        device.apply(spec.commandLine());
        List<String> inputs = inputs();
        SentenceEmbedder embedder = load().to(Devices.current());
        float[][] vectors = embedder.embed(inputs, normalize);
        String json = toJson(inputs, vectors);
        PrintWriter stdout = spec.commandLine().getOut();
        if (out == null) {
            stdout.print(json);
            stdout.flush();
            return 0;
        }
        Path written = write(json);
        stdout.printf("Wrote %d embedding(s) of dimension %d to %s%n", inputs.size(), embedder.dimension(), written);
        return 0;
    }

    /** The --text sentences, then the file's non-blank lines; a usage error if there are none or one is blank. */
    private List<String> inputs() throws IOException {
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i).isBlank()) {
                throw usage("--text: sentence " + (i + 1) + " is blank");
            }
            inputs.add(texts.get(i));
        }
        if (file != null) {
            if (!Files.exists(file)) {
                throw usage("--file: " + file + ": no such file");
            }
            if (!Files.isRegularFile(file)) {
                throw usage("--file: " + file + ": not a regular file");
            }
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (CharacterCodingException e) {
                throw new IOException(file + ": not valid UTF-8 text", e);
            }
            List<String> sentences =
                    lines.stream().filter(line -> !line.isBlank()).toList();
            if (sentences.isEmpty()) {
                throw usage("--file: " + file + " holds no sentences (every line is blank)");
            }
            inputs.addAll(sentences);
        }
        if (inputs.isEmpty()) {
            throw usage("nothing to embed: give --text TEXT (repeatable) or --file FILE");
        }
        return inputs;
    }

    private SentenceEmbedder load() throws IOException {
        if (model.equals("minilm")) {
            return SentenceEmbedder.miniLm();
        }
        Path folder = Path.of(model);
        if (!Files.exists(folder)) {
            throw usage("--model: '" + model + "' is neither 'minilm' nor an existing folder");
        }
        return SentenceEmbedder.fromFolder(folder);
    }

    /** One object per line inside the array, so that the file is readable and each line greps as one text. */
    static String toJson(List<String> inputs, float[][] vectors) throws IOException {
        StringBuilder json = new StringBuilder("[\n");
        for (int i = 0; i < inputs.size(); i++) {
            ObjectNode entry = JSON.createObjectNode();
            entry.put("text", inputs.get(i));
            ArrayNode embedding = entry.putArray("embedding");
            for (float v : vectors[i]) {
                embedding.add(v);
            }
            json.append(JSON.writeValueAsString(entry)).append(i + 1 < inputs.size() ? ",\n" : "\n");
        }
        return json.append("]\n").toString();
    }

    /** Writes the JSON to a temporary file in {@code out}, then renames it, so no half-written file is left. */
    private Path write(String json) throws IOException {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw usage("--out: " + out + " exists and is not a folder");
        }
        Files.createDirectories(out);
        Path target = out.resolve(OUTPUT_FILE);
        Path temporary = Files.createTempFile(out, OUTPUT_FILE, ".tmp");
        try {
            Files.writeString(temporary, json, StandardCharsets.UTF_8);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
        return target;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
