package dev.more.nn.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.more.nn.loader.BertConfig;
import dev.more.nn.loader.WeightsException;
import dev.more.nn.models.BertModel;
import dev.more.nn.tokenizer.TokenizerFormatException;
import dev.more.nn.tokenizer.WordPieceTokenizer;
import dev.more.tensor.Rng;
import dev.more.tensor.ShapeException;
import dev.more.tensor.Tensor;
import dev.more.tensor.io.SafeTensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SentenceEmbedder#fromFolder} on a tiny BERT written to a temporary Hugging Face folder. */
class SentenceEmbedderFolderTest {
    private static final BertConfig CONFIG = new BertConfig(13, 8, 2, 2, 12, 10, 2, 1e-12, "gelu");
    private static final List<String> TEXTS = List.of("the cat sat on the mat.", "a dog", "cats");
    private static final String TOKENIZER_JSON = """
            {"version": "1.0",
             "normalizer": {"type": "BertNormalizer", "clean_text": true, "handle_chinese_chars": true,
                            "strip_accents": null, "lowercase": true},
             "pre_tokenizer": {"type": "BertPreTokenizer"},
             "post_processor": {"type": "BertProcessing", "sep": ["[SEP]", 3], "cls": ["[CLS]", 2]},
             "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": true},
             "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                       "max_input_chars_per_word": 100,
                       "vocab": {"[PAD]": 0, "[UNK]": 1, "[CLS]": 2, "[SEP]": 3, "the": 4, "cat": 5, "sat": 6,
                                 "on": 7, "mat": 8, "a": 9, "dog": 10, ".": 11, "##s": 12}}}
            """;

    @TempDir
    Path dir;

    private Path folder(boolean pooler) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("model"));
        Files.writeString(
                folder.resolve("config.json"),
                String.format(
                        Locale.ROOT,
                        "{\"model_type\": \"bert\", \"vocab_size\": %d, \"hidden_size\": %d, \"num_hidden_layers\": %d, "
                                + "\"num_attention_heads\": %d, \"intermediate_size\": %d, \"max_position_embeddings\": %d, "
                                + "\"type_vocab_size\": %d, \"layer_norm_eps\": 1e-12, \"hidden_act\": \"gelu\"}",
                        CONFIG.vocabSize(),
                        CONFIG.hidden(),
                        CONFIG.layers(),
                        CONFIG.heads(),
                        CONFIG.intermediate(),
                        CONFIG.maxPositions(),
                        CONFIG.typeVocab()));
        SafeTensors.write(
                folder.resolve("model.safetensors"), randomModel(pooler).stateDict(), Map.of("format", "pt"));
        Files.writeString(folder.resolve("tokenizer.json"), TOKENIZER_JSON);
        return folder;
    }

    private static BertModel randomModel(boolean pooler) {
        return new BertModel(CONFIG, pooler, 0f, new Rng(11));
    }

    @Test
    void embedsAsAnEmbedderOverTheSameWeightsAndTokenizer() throws IOException {
        Path folder = folder(true);
        SentenceEmbedder loaded = SentenceEmbedder.fromFolder(folder);
        SentenceEmbedder direct = new SentenceEmbedder(
                randomModel(true),
                WordPieceTokenizer.fromJson(folder.resolve("tokenizer.json")),
                CONFIG.maxPositions(),
                32);

        assertThat(loaded.dimension()).isEqualTo(8);
        assertThat(loaded.maxLength())
                .as("no sentence_bert_config.json: the model's positions")
                .isEqualTo(10);
        assertThat(loaded.model().hasPooler()).isTrue();
        float[][] expected = direct.embed(TEXTS);
        float[][] actual = loaded.embed(TEXTS);
        for (int i = 0; i < TEXTS.size(); i++) {
            assertThat(actual[i]).as(TEXTS.get(i)).containsExactly(expected[i]);
        }
        assertThat(loaded.tokenize(List.of("cats")).ids()[0]).containsExactly(2, 5, 12, 3);
    }

    @Test
    void honoursTheSentenceTransformersMaximumLength() throws IOException {
        Path folder = folder(false);
        Files.writeString(
                folder.resolve(SentenceEmbedder.SENTENCE_CONFIG), "{\"max_seq_length\": 5, \"do_lower_case\": false}");
        SentenceEmbedder embedder = SentenceEmbedder.fromFolder(folder);

        assertThat(embedder.maxLength()).isEqualTo(5);
        assertThat(embedder.tokenize(TEXTS).ids()[0]).containsExactly(2, 4, 5, 6, 3);
    }

    @Test
    void rejectsAFolderWithoutTokenizerOrWithAMalformedSentenceConfig() throws IOException {
        Path folder = folder(false);
        Path sentenceConfig = folder.resolve(SentenceEmbedder.SENTENCE_CONFIG);
        Files.writeString(sentenceConfig, "{\"max_seq_length\": 11}");
        assertThatThrownBy(() -> SentenceEmbedder.fromFolder(folder))
                .isInstanceOf(WeightsException.class)
                .hasMessage(sentenceConfig + ": max_seq_length 11 must be an integer in [2, 10] "
                        + "(the model has 10 positions)");
        Files.writeString(sentenceConfig, "{\"max_seq_length\": \"128\"}");
        assertThatThrownBy(() -> SentenceEmbedder.fromFolder(folder))
                .isInstanceOf(WeightsException.class)
                .hasMessageContaining("max_seq_length \"128\" must be an integer");
        Files.writeString(sentenceConfig, "{\"max_seq_length\": 5.5}");
        assertThatThrownBy(() -> SentenceEmbedder.fromFolder(folder))
                .isInstanceOf(WeightsException.class)
                .hasMessageContaining("max_seq_length 5.5 must be an integer");
        Files.writeString(sentenceConfig, "[5]");
        assertThatThrownBy(() -> SentenceEmbedder.fromFolder(folder))
                .isInstanceOf(WeightsException.class)
                .hasMessage(sentenceConfig + ": expected a JSON object with max_seq_length");
        Files.writeString(sentenceConfig, "{\"max_seq_length\": ");
        assertThatThrownBy(() -> SentenceEmbedder.fromFolder(folder))
                .isInstanceOf(WeightsException.class)
                .hasMessageStartingWith(sentenceConfig + ": not valid JSON: ");
        Files.delete(sentenceConfig);

        Files.writeString(folder.resolve("tokenizer.json"), "{\"model\": {\"type\": \"BPE\"}}");
        assertThatThrownBy(() -> SentenceEmbedder.fromFolder(folder))
                .isInstanceOf(TokenizerFormatException.class)
                .hasMessageContaining("expected \"WordPiece\", found \"BPE\"");
        Files.delete(folder.resolve("tokenizer.json"));
        assertThatThrownBy(() -> SentenceEmbedder.fromFolder(folder))
                .isInstanceOf(WeightsException.class)
                .hasMessage(folder + ": no tokenizer.json (the embedder needs the model's tokenizer next to "
                        + "config.json and model.safetensors)");
        assertThatThrownBy(() -> SentenceEmbedder.fromFolder(dir.resolve("absent")))
                .isInstanceOf(WeightsException.class)
                .hasMessageContaining("no such folder");
    }

    @Test
    void encoderOutputChecksThatItsTensorsBelongToOneBatch() {
        assertThatThrownBy(() -> new EncoderOutput(Tensor.zeros(2, 3, 8), Tensor.zeros(3, 8)))
                .isInstanceOf(ShapeException.class)
                .hasMessageContaining("EncoderOutput");
        assertThatThrownBy(() -> new EncoderOutput(Tensor.zeros(2, 8), Tensor.zeros(2, 8)))
                .isInstanceOf(ShapeException.class);
        assertThat(new EncoderOutput(Tensor.zeros(2, 3, 8), Tensor.zeros(2, 8))
                        .meanPooled()
                        .shape())
                .containsExactly(2, 8);
    }
}
