package dev.more.cli;

import dev.more.nn.loader.BertConfig;
import dev.more.nn.models.BertModel;
import dev.more.nn.tokenizer.WordPieceTokenizer;
import dev.more.tensor.Rng;
import dev.more.tensor.io.SafeTensors;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A tiny random BERT as a Hugging Face folder for CLI tests: 2 layers, hidden 32, MiniLM's tokenizer. */
final class TinyModelFolder {
    private TinyModelFolder() {
    }

    static Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.json"), """
                {"model_type": "bert", "vocab_size": 30522, "hidden_size": 32, "num_hidden_layers": 2,
                 "num_attention_heads": 4, "intermediate_size": 64, "max_position_embeddings": 64}
                """);
        BertConfig config = new BertConfig(30522, 32, 2, 4, 64, 64, 2, 1e-12, "gelu");
        SafeTensors.write(dir.resolve("model.safetensors"), new BertModel(config, false, new Rng(11)).stateDict(),
                Map.of());
        try (InputStream in = TinyModelFolder.class.getResourceAsStream(WordPieceTokenizer.MINILM_RESOURCE)) {
            Files.write(dir.resolve("tokenizer.json"), in.readAllBytes());
        }
        return dir;
    }
}
