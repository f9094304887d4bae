package dev.more.nn.loader;

import dev.more.tensor.Tensor;
import dev.more.tensor.io.SafeTensors;
import dev.more.tensor.io.SafeTensorsFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads a BERT-family encoder from a Hugging Face model folder: {@code config.json} and {@code model.safetensors}.
 *
 * <p>Names are brought to {@code BertModel}'s: a leading {@code bert.} or {@code roberta.} is stripped (RoBERTa's
 * encoder uses BERT's names below that prefix), and old checkpoints' {@code LayerNorm.gamma}/{@code beta} become
 * {@code weight}/{@code bias}, as Hugging Face does. When the file has such a prefix, tensors outside it are task
 * heads ({@code cls.*}, {@code classifier.*}, ...) and are left out; the buffer {@code embeddings.position_ids} is
 * left out too. Everything else must be exactly the encoder's parameters, with the configuration's shapes; the
 * pooler is loaded when the file has one.
 */
public final class HuggingFaceFolder {
    /** The configuration file's name. */
    public static final String CONFIG = "config.json";
    /** The weights file's name. */
    public static final String WEIGHTS = "model.safetensors";

    private static final List<String> PREFIXES = List.of("bert.", "roberta.");
    private static final String POSITION_IDS = "embeddings.position_ids";
    private static final int LISTED_NAMES = 8;

    private HuggingFaceFolder() {}

    /**
     * Loads the folder's weights.
     *
     * @throws WeightsException if the folder, its {@code config.json} or its {@code model.safetensors} is missing,
     *     if the configuration is invalid, or if parameters are missing, unexpected or mis-shaped
     * @throws dev.more.tensor.io.SafeTensorsException if {@code model.safetensors} is malformed or a parameter is
     *     not a float tensor
     * @throws IOException if a file cannot be read
     */
    public static PretrainedWeights load(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            throw new WeightsException(folder + ": no such folder");
        }
        if (!Files.isDirectory(folder)) {
            throw new WeightsException(
                    folder + ": not a folder; expected a Hugging Face model folder with " + CONFIG + " and " + WEIGHTS);
        }
        Path configFile = folder.resolve(CONFIG);
        if (!Files.isRegularFile(configFile)) {
            throw new WeightsException(folder + ": no " + CONFIG + " (a Hugging Face model folder holds " + CONFIG
                    + " and " + WEIGHTS + ")");
        }
        Path weightsFile = folder.resolve(WEIGHTS);
        if (!Files.isRegularFile(weightsFile)) {
            throw new WeightsException(folder + ": no " + WEIGHTS + missingWeightsHint(folder));
        }
        BertConfig config = BertConfig.fromJson(configFile);
        try (SafeTensorsFile file = SafeTensors.open(weightsFile)) {
            List<String> notes = new ArrayList<>();
            Map<String, String> fileNames = encoderNames(file.names(), weightsFile, notes);
            Map<String, long[]> shapes = new LinkedHashMap<>();
            fileNames.forEach(
                    (name, fileName) -> shapes.put(name, file.info(fileName).shape()));
            boolean pooler = fileNames.keySet().stream().anyMatch(n -> n.startsWith("pooler."));
            BertParameters.check(shapes, config, pooler, weightsFile.toString(), "");
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (String name : BertParameters.expectedShapes(config, pooler).keySet()) {
                tensors.put(name, file.tensor(fileNames.get(name)));
            }
            notes.add(pooler ? "the file has a pooler (pooler.dense)" : "the file has no pooler (pooler.dense)");
            return new PretrainedWeights(config, tensors, notes);
        }
    }

    /** Maps {@code BertModel} names to the file's names, leaving out heads and buffers; notes what it did. */
    private static Map<String, String> encoderNames(List<String> names, Path file, List<String> notes)
            throws WeightsException {
        List<String> prefixes = PREFIXES.stream()
                .filter(p -> names.stream().anyMatch(n -> n.startsWith(p)))
                .toList();
        if (prefixes.size() > 1) {
            throw new WeightsException(
                    file + ": names start with both " + String.join(" and ", prefixes) + "; expected one encoder");
        }
        String prefix = prefixes.isEmpty() ? "" : prefixes.getFirst();
        Map<String, String> encoder = new LinkedHashMap<>();
        List<String> heads = new ArrayList<>();
        int renamed = 0;
        for (String name : names) {
            if (!name.startsWith(prefix)) {
                heads.add(name);
                continue;
            }
            String stripped = name.substring(prefix.length());
            if (stripped.equals(POSITION_IDS)) {
                notes.add("left out the buffer " + name);
                continue;
            }
            String renamedTo = renameGammaBeta(stripped);
            if (!renamedTo.equals(stripped)) {
                renamed++;
            }
            String previous = encoder.put(renamedTo, name);
            if (previous != null) {
                throw new WeightsException(file + ": both " + previous + " and " + name + " map to " + renamedTo);
            }
        }
        if (!prefix.isEmpty()) {
            notes.add("stripped the prefix '" + prefix + "' from parameter names");
        }
        if (prefix.equals("roberta.")) {
            notes.add("RoBERTa numbers positions from padding_idx + 1, an offset BertConfig does not record");
        }
        if (renamed > 0) {
            notes.add("renamed " + renamed + " LayerNorm gamma/beta tensors to weight/bias");
        }
        if (!heads.isEmpty()) {
            notes.add("left out " + heads.size() + " tensors outside the encoder: "
                    + String.join(", ", heads.subList(0, Math.min(heads.size(), LISTED_NAMES)))
                    + (heads.size() > LISTED_NAMES ? ", ..." : ""));
        }
        return encoder;
    }

    /** Old (TensorFlow-converted) checkpoints call a LayerNorm's weight and bias gamma and beta. */
    private static String renameGammaBeta(String name) {
        if (name.endsWith("LayerNorm.gamma")) {
            return name.substring(0, name.length() - "gamma".length()) + "weight";
        }
        if (name.endsWith("LayerNorm.beta")) {
            return name.substring(0, name.length() - "beta".length()) + "bias";
        }
        return name;
    }

    private static String missingWeightsHint(Path folder) {
        if (Files.exists(folder.resolve("model.safetensors.index.json"))) {
            return " (found model.safetensors.index.json: sharded checkpoints are not supported)";
        }
        if (Files.exists(folder.resolve("pytorch_model.bin"))) {
            return " (found pytorch_model.bin: only safetensors weights are supported; save the model with "
                    + "safe_serialization=True to get " + WEIGHTS + ")";
        }
        return " (a Hugging Face model folder holds " + CONFIG + " and " + WEIGHTS + ")";
    }
}
