package dev.more.nn.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BertConfigTest {
    private static final String SIZES = "\"vocab_size\": 100, \"hidden_size\": 8, \"num_hidden_layers\": 2, "
            + "\"num_attention_heads\": 2, \"intermediate_size\": 16";

    @TempDir
    Path dir;

    private Path json(String text) throws IOException {
        return Files.writeString(dir.resolve("config.json"), text);
    }

    @Test
    void miniLmHasTheModelsSizes() {
        BertConfig config = BertConfig.miniLm();

        assertThat(config).isEqualTo(new BertConfig(30522, 384, 6, 12, 1536, 512, 2, 1e-12, "gelu"));
        assertThat(config.headSize()).isEqualTo(32);
        assertThat(config.withLayerNormEps(1e-5).layerNormEps()).isEqualTo(1e-5);
    }

    @Test
    void readsTheConfigPublishedWithMiniLm() throws IOException, URISyntaxException {
        Path published = Path.of(BertConfigTest.class
                .getResource("/loader/all-minilm-l6-v2-config.json")
                .toURI());

        assertThat(BertConfig.fromJson(published)).isEqualTo(BertConfig.miniLm());
    }

    @Test
    void defaultsOptionalKeysAsHuggingFaceDoes() throws IOException {
        assertThat(BertConfig.fromJson(json("{" + SIZES + "}")))
                .isEqualTo(new BertConfig(100, 8, 2, 2, 16, 512, 2, 1e-12, "gelu"));
        assertThat(BertConfig.fromJson(json("{" + SIZES + ", \"max_position_embeddings\": 514, \"type_vocab_size\": 1,"
                        + " \"layer_norm_eps\": 1e-5, \"hidden_act\": \"relu\", \"model_type\": \"roberta\"}")))
                .isEqualTo(new BertConfig(100, 8, 2, 2, 16, 514, 1, 1e-5, "relu"));
    }

    @Test
    void rejectsAMissingSize() throws IOException {
        Path file = json("{\"vocab_size\": 100, \"num_hidden_layers\": 2, \"num_attention_heads\": 2, "
                + "\"intermediate_size\": 16}");
        assertThatThrownBy(() -> BertConfig.fromJson(file))
                .isInstanceOf(WeightsException.class)
                .hasMessage(file + ": missing \"hidden_size\"");
    }

    @Test
    void rejectsValuesOfTheWrongType() throws IOException {
        String[][] cases = {
            {"\"hidden_size\": \"8\"", "\"hidden_size\" must be a positive integer, got \"8\""},
            {"\"hidden_size\": 8.5", "\"hidden_size\" must be a positive integer, got 8.5"},
            {"\"hidden_size\": 0", "\"hidden_size\" must be a positive integer, got 0"},
            {"\"hidden_size\": 4294967304", "\"hidden_size\" must be a positive integer, got 4294967304"},
            {"\"layer_norm_eps\": \"1e-12\"", "\"layer_norm_eps\" must be a positive number, got \"1e-12\""},
            {"\"layer_norm_eps\": -1", "\"layer_norm_eps\" must be a positive number, got -1"},
            {"\"hidden_act\": 3", "\"hidden_act\" must be a string, got 3"},
        };
        for (String[] c : cases) {
            // A later duplicate key wins in Jackson's tree, so each case overrides one valid size.
            Path file = json("{" + SIZES + ", " + c[0] + "}");
            assertThatThrownBy(() -> BertConfig.fromJson(file))
                    .as(c[0])
                    .isInstanceOf(WeightsException.class)
                    .hasMessage(file + ": " + c[1]);
        }
    }

    @Test
    void rejectsImpossibleSizes() throws IOException {
        Path file = json("{" + SIZES + ", \"num_attention_heads\": 3}");
        assertThatThrownBy(() -> BertConfig.fromJson(file))
                .isInstanceOf(WeightsException.class)
                .hasMessage(file + ": hidden 8 is not a multiple of the number of heads 3");
    }

    @Test
    void rejectsModelsOutsideTheBertFamily() throws IOException {
        Path file = json("{" + SIZES + ", \"model_type\": \"gpt2\"}");
        assertThatThrownBy(() -> BertConfig.fromJson(file))
                .isInstanceOf(WeightsException.class)
                .hasMessage(file + ": model_type \"gpt2\" is not a BERT-family encoder "
                        + "(bert, camembert, roberta, xlm-roberta)");
    }

    @Test
    void rejectsFilesThatAreNotAJsonObject() throws IOException {
        Path truncated = json("{" + SIZES);
        assertThatThrownBy(() -> BertConfig.fromJson(truncated))
                .isInstanceOf(WeightsException.class)
                .hasMessageStartingWith(truncated + ": not valid JSON: ");
        Path array = json("[1, 2]");
        assertThatThrownBy(() -> BertConfig.fromJson(array))
                .isInstanceOf(WeightsException.class)
                .hasMessage(array + ": expected a JSON object");
        Path empty = json("");
        assertThatThrownBy(() -> BertConfig.fromJson(empty))
                .isInstanceOf(WeightsException.class)
                .hasMessage(empty + ": expected a JSON object");
    }

    @Test
    void rejectsAMissingFile() {
        Path absent = dir.resolve("absent.json");
        assertThatThrownBy(() -> BertConfig.fromJson(absent))
                .isInstanceOf(WeightsException.class)
                .hasMessage(absent + ": no such file");
    }

    @Test
    void constructorChecksEverySize() {
        assertThatThrownBy(() -> new BertConfig(0, 8, 1, 1, 1, 1, 1, 1e-12, "gelu"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("vocabSize must be positive, got 0");
        assertThatThrownBy(() -> new BertConfig(1, 8, 1, 1, 1, 1, 0, 1e-12, "gelu"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("typeVocab must be positive, got 0");
        assertThatThrownBy(() -> new BertConfig(1, 8, 1, 1, 1, 1, 1, Double.NaN, "gelu"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("layerNormEps must be positive and finite, got NaN");
        assertThatThrownBy(() -> new BertConfig(1, 8, 1, 1, 1, 1, 1, 1e-12, " "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hiddenAct must be a non-blank activation name");
    }
}
