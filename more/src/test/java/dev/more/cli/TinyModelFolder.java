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
    private TinyModelFolder() {}

    static Path write(Path dir) throws IOException {
        return write(dir, 32, 30522);
    }

    /**
     * The same kind of model with another hidden size (a multiple of 4; the feed-forward width is twice it) and
     * number of token ids (MiniLM's tokenizer needs 30522).
     */
    static Path write(Path dir, int hidden, int vocabulary) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.json"), """
                {"model_type": "bert", "vocab_size": %d, "hidden_size": %d, "num_hidden_layers": 2,
                 "num_attention_heads": 4, "intermediate_size": %d, "max_position_embeddings": 64}
                """.formatted(vocabulary, hidden, 2 * hidden));
        BertConfig config = new BertConfig(vocabulary, hidden, 2, 4, 2 * hidden, 64, 2, 1e-12, "gelu");
        SafeTensors.write(
                dir.resolve("model.safetensors"), new BertModel(config, false, new Rng(11)).stateDict(), Map.of());
        try (InputStream in = TinyModelFolder.class.getResourceAsStream(WordPieceTokenizer.MINILM_RESOURCE)) {
            Files.write(dir.resolve("tokenizer.json"), in.readAllBytes());
        }
        return dir;
    }
}
