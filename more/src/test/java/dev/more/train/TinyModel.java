package dev.more.train;

import dev.more.nn.loader.BertConfig;
import dev.more.nn.models.BertModel;
import dev.more.nn.tokenizer.WordPieceTokenizer;
import dev.more.tensor.Rng;
import dev.more.tensor.Tensor;
import dev.more.tensor.io.SafeTensors;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A tiny randomly initialised BERT written as a Hugging Face folder (config.json, model.safetensors with
 * {@code bert.} names, MiniLM's tokenizer.json), so tests run the whole path of {@code --model PATH}
 * in a second: 2 layers, hidden 32, 4 heads, FFN 64, MiniLM's vocabulary.
 */
final class TinyModel {
    static final BertConfig CONFIG = new BertConfig(30522, 32, 2, 4, 64, 64, 2, 1e-12, "gelu");

    private TinyModel() {}

    /** Writes the folder {@code dir} from {@code seed} and returns it. */
    static Path write(Path dir, long seed) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.json"), """
                {"model_type": "bert", "vocab_size": 30522, "hidden_size": 32, "num_hidden_layers": 2,
                 "num_attention_heads": 4, "intermediate_size": 64, "max_position_embeddings": 64,
                 "type_vocab_size": 2, "layer_norm_eps": 1e-12, "hidden_act": "gelu"}
                """);
        BertModel model = new BertModel(CONFIG, false, new Rng(seed));
        Map<String, Tensor> prefixed = new LinkedHashMap<>();
        model.stateDict().forEach((name, t) -> prefixed.put("bert." + name, t));
        SafeTensors.write(dir.resolve("model.safetensors"), prefixed, Map.of("format", "pt"));
        try (InputStream in = TinyModel.class.getResourceAsStream(WordPieceTokenizer.MINILM_RESOURCE)) {
            Files.write(dir.resolve("tokenizer.json"), in.readAllBytes());
        }
        return dir;
    }
}
