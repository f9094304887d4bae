package dev.more.nn.loader;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;

/**
 * The sizes of a BERT-family encoder, as Hugging Face's {@code config.json} gives them.
 *
 * @param vocabSize the number of token ids ({@code vocab_size})
 * @param hidden the width of every hidden state ({@code hidden_size})
 * @param layers the number of encoder layers ({@code num_hidden_layers})
 * @param heads the number of attention heads per layer ({@code num_attention_heads}); divides {@code hidden}
 * @param intermediate the width of the feed-forward layer ({@code intermediate_size})
 * @param maxPositions the number of position embeddings ({@code max_position_embeddings})
 * @param typeVocab the number of token types, i.e. segments ({@code type_vocab_size})
 * @param layerNormEps the epsilon added to the variance in every layer norm ({@code layer_norm_eps})
 * @param hiddenAct the feed-forward activation's Hugging Face name, e.g. {@code gelu} ({@code hidden_act})
 */
public record BertConfig(
        int vocabSize,
        int hidden,
        int layers,
        int heads,
        int intermediate,
        int maxPositions,
        int typeVocab,
        double layerNormEps,
        String hiddenAct) {

    /** BERT's layer-norm epsilon, Hugging Face's default for {@code layer_norm_eps}. */
    public static final double BERT_LAYER_NORM_EPS = 1e-12;

    /** The {@code model_type}s whose checkpoints use BERT's parameter names. */
    private static final Set<String> BERT_FAMILY = Set.of("bert", "roberta", "xlm-roberta", "camembert");

    /**
     * Checks the sizes.
     *
     * @throws IllegalArgumentException if a size is not positive, {@code heads} does not divide {@code hidden},
     *     the epsilon is not a positive finite number or the activation is blank
     */
    public BertConfig {
        positive("vocabSize", vocabSize);
        positive("hidden", hidden);
        positive("layers", layers);
        positive("heads", heads);
        positive("intermediate", intermediate);
        positive("maxPositions", maxPositions);
        positive("typeVocab", typeVocab);
        if (hidden % heads != 0) {
            throw new IllegalArgumentException(
                    "hidden " + hidden + " is not a multiple of the number of heads " + heads);
        }
        if (!(layerNormEps > 0) || Double.isInfinite(layerNormEps)) {
            throw new IllegalArgumentException("layerNormEps must be positive and finite, got " + layerNormEps);
        }
        if (hiddenAct == null || hiddenAct.isBlank()) {
            throw new IllegalArgumentException("hiddenAct must be a non-blank activation name");
        }
    }

    /** all-MiniLM-L6-v2: 6 layers, hidden 384, 12 heads, FFN 1536, vocab 30522, 512 positions, 2 types, GELU. */
    public static BertConfig miniLm() {
        return new BertConfig(30522, 384, 6, 12, 1536, 512, 2, BERT_LAYER_NORM_EPS, "gelu");
    }

    /** The width of one attention head, {@code hidden / heads}. */
    public int headSize() {
        return hidden / heads;
    }

    /** This configuration with another layer-norm epsilon. */
    public BertConfig withLayerNormEps(double eps) {
        return new BertConfig(vocabSize, hidden, layers, heads, intermediate, maxPositions, typeVocab, eps, hiddenAct);
    }

    /**
     * Reads a Hugging Face {@code config.json}. The five sizes are required; {@code max_position_embeddings},
     * {@code type_vocab_size}, {@code layer_norm_eps} and {@code hidden_act} default as in Hugging Face's
     * {@code BertConfig} (512, 2, 1e-12, gelu). A {@code model_type}, if given, must be a BERT-family encoder
     * (bert, roberta, xlm-roberta, camembert); other keys are ignored.
     *
     * @throws WeightsException if the file is missing, is not a JSON object, lacks a size, has a value of the
     *     wrong type, or describes an impossible or non-BERT model
     * @throws IOException if the file cannot be read
     */
    public static BertConfig fromJson(Path configJson) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(configJson);
        } catch (NoSuchFileException e) {
            throw new WeightsException(configJson + ": no such file", e);
        }
        return fromJson(bytes, configJson.toString());
    }

    /**
     * Reads the bytes of a Hugging Face {@code config.json}, as {@link #fromJson(Path)} does.
     *
     * @param source the name to use in messages, e.g. the file's path
     * @throws WeightsException if the bytes are not a JSON object, lack a size, have a value of the wrong type, or
     *     describe an impossible or non-BERT model; no other exception comes from malformed bytes
     */
    public static BertConfig fromJson(byte[] json, String source) throws WeightsException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (JacksonException e) {
            throw new WeightsException(source + ": not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            // A CharConversionException: Jackson guesses UTF-16 or UTF-32 from the first bytes, which then fail.
            throw new WeightsException(source + ": not valid JSON text: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new WeightsException(source + ": expected a JSON object");
        }
        JsonNode modelType = root.get("model_type");
        if (modelType != null && !BERT_FAMILY.contains(modelType.asText())) {
            throw new WeightsException(source + ": model_type " + modelType + " is not a BERT-family encoder ("
                    + String.join(", ", BERT_FAMILY.stream().sorted().toList()) + ")");
        }
        try {
            return new BertConfig(
                    intValue(root, "vocab_size", null, source),
                    intValue(root, "hidden_size", null, source),
                    intValue(root, "num_hidden_layers", null, source),
                    intValue(root, "num_attention_heads", null, source),
                    intValue(root, "intermediate_size", null, source),
                    intValue(root, "max_position_embeddings", 512, source),
                    intValue(root, "type_vocab_size", 2, source),
                    doubleValue(root, "layer_norm_eps", BERT_LAYER_NORM_EPS, source),
                    textValue(root, "hidden_act", "gelu", source));
        } catch (IllegalArgumentException e) {
            throw new WeightsException(source + ": " + e.getMessage(), e);
        }
    }

    private static int intValue(JsonNode root, String key, Integer fallback, String file) throws WeightsException {
        JsonNode value = root.get(key);
        if (value == null || value.isNull()) {
            if (fallback == null) {
                throw new WeightsException(file + ": missing \"" + key + "\"");
            }
            return fallback;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() <= 0) {
            throw new WeightsException(file + ": \"" + key + "\" must be a positive integer, got " + value);
        }
        return value.intValue();
    }

    private static double doubleValue(JsonNode root, String key, double fallback, String file) throws WeightsException {
        JsonNode value = root.get(key);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isNumber() || !(value.doubleValue() > 0)) {
            throw new WeightsException(file + ": \"" + key + "\" must be a positive number, got " + value);
        }
        return value.doubleValue();
    }

    private static String textValue(JsonNode root, String key, String fallback, String file) throws WeightsException {
        JsonNode value = root.get(key);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isTextual()) {
            throw new WeightsException(file + ": \"" + key + "\" must be a string, got " + value);
        }
        return value.textValue();
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
