package dev.more.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.more.adapters.Adapters;
import dev.more.nn.loader.BertConfig;
import dev.more.nn.loader.HuggingFaceFolder;
import dev.more.tensor.Tensor;
import dev.more.tensor.io.AtomicFiles;
import dev.more.tensor.io.SafeTensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Merges a trained classifier's adapters into its base weights ({@code W += ΔW} for every adapted
 * layer, then the plain layers put back) and writes the result with Hugging Face names and PyTorch's
 * layout (a Linear weight is (out, in)): {@code bert.embeddings...}, {@code bert.encoder.layer.0...},
 * {@code classifier.weight}, {@code classifier.bias}. The output is either one {@code .safetensors}
 * file or a model folder ({@code config.json}, {@code model.safetensors}, {@code tokenizer.json}) that
 * {@code --model PATH} loads as a base model. The head was trained on {@link ClassifierFile#pooling()
 * the run's pooling} (mean pooling for MiniLM), which {@code config.json} records as {@code more_pooling}.
 */
public final class Merger {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Merger() {}

    /**
     * What was written.
     *
     * @param weightsFile the safetensors file
     * @param tensors the number of tensors in it
     * @param folder true when a model folder was written around it
     */
    public record Result(Path weightsFile, int tensors, boolean folder) {}

    /**
     * Merges {@code classifier}'s adapters into its weights (the classifier is changed: its adapters are
     * gone afterwards) and writes them to {@code out}: a file when the name ends in {@code .safetensors},
     * else a model folder, created if needed.
     *
     * @throws IllegalStateException if a merged weight would not be finite
     * @throws IOException if writing fails
     */
    public static Result merge(TrainedClassifier classifier, Path out) throws IOException {
        Adapters.mergeAndUnload(classifier.model());
        Map<String, Tensor> state = classifier.model().stateDict();
        Map<String, String> metadata = Map.of("format", "pt");
        boolean file = out.getFileName() != null
                && out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".safetensors");
        if (file) {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            SafeTensors.write(out, state, metadata);
            return new Result(out, state.size(), false);
        }
        Files.createDirectories(out);
        Path weights = out.resolve(HuggingFaceFolder.WEIGHTS);
        SafeTensors.write(weights, state, metadata);
        AtomicFiles.write(out.resolve(HuggingFaceFolder.CONFIG), configJson(classifier));
        AtomicFiles.write(
                out.resolve(BaseModel.TOKENIZER_JSON), classifier.base().tokenizerJson());
        return new Result(weights, state.size(), true);
    }

    /** A Hugging Face BERT {@code config.json} with the label names. */
    private static byte[] configJson(TrainedClassifier classifier) throws IOException {
        BertConfig c = classifier.base().weights().config();
        ObjectNode root = JSON.createObjectNode();
        root.put("model_type", "bert");
        root.putArray("architectures").add("BertForSequenceClassification");
        root.put("vocab_size", c.vocabSize());
        root.put("hidden_size", c.hidden());
        root.put("num_hidden_layers", c.layers());
        root.put("num_attention_heads", c.heads());
        root.put("intermediate_size", c.intermediate());
        root.put("max_position_embeddings", c.maxPositions());
        root.put("type_vocab_size", c.typeVocab());
        root.put("layer_norm_eps", c.layerNormEps());
        root.put("hidden_act", c.hiddenAct());
        ObjectNode id2label = root.putObject("id2label");
        ObjectNode label2id = root.putObject("label2id");
        var labels = classifier.info().labels();
        for (int i = 0; i < labels.size(); i++) {
            id2label.put(Integer.toString(i), labels.name(i));
            label2id.put(labels.name(i), i);
        }
        root.put("more_pooling", classifier.info().pooling().name().toLowerCase(Locale.ROOT));
        ArrayNode notes = root.putArray("more_notes");
        notes.add("merged by 'more merge' from a "
                + classifier.injection().config().type() + " run on "
                + classifier.info().baseModel());
        return JSON.writeValueAsBytes(root);
    }
}
