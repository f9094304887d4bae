package dev.more.nn.loader;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters of a Hugging Face {@code BertModel}: their names (without a {@code bert.} prefix) and shapes,
 * with PyTorch's layout (a Linear weight is (out, in)), and the check that a set of tensors matches them.
 */
public final class BertParameters {
    /** How many names a message lists before it says how many more there are. */
    private static final int LISTED_NAMES = 12;

    private BertParameters() {}

    /**
     * The expected parameters, in {@code BertModel}'s order: embeddings, then each layer, then the pooler if asked.
     *
     * @param withPooler whether to include {@code pooler.dense.weight} and {@code pooler.dense.bias}
     * @return shapes by name, unmodifiable
     */
    public static Map<String, int[]> expectedShapes(BertConfig config, boolean withPooler) {
        int h = config.hidden();
        Map<String, int[]> shapes = new LinkedHashMap<>();
        shapes.put("embeddings.word_embeddings.weight", new int[] {config.vocabSize(), h});
        shapes.put("embeddings.position_embeddings.weight", new int[] {config.maxPositions(), h});
        shapes.put("embeddings.token_type_embeddings.weight", new int[] {config.typeVocab(), h});
        layerNorm(shapes, "embeddings.LayerNorm", h);
        for (int i = 0; i < config.layers(); i++) {
            String layer = "encoder.layer." + i + ".";
            linear(shapes, layer + "attention.self.query", h, h);
            linear(shapes, layer + "attention.self.key", h, h);
            linear(shapes, layer + "attention.self.value", h, h);
            linear(shapes, layer + "attention.output.dense", h, h);
            layerNorm(shapes, layer + "attention.output.LayerNorm", h);
            linear(shapes, layer + "intermediate.dense", h, config.intermediate());
            linear(shapes, layer + "output.dense", config.intermediate(), h);
            layerNorm(shapes, layer + "output.LayerNorm", h);
        }
        if (withPooler) {
            linear(shapes, "pooler.dense", h, h);
        }
        return Collections.unmodifiableMap(shapes);
    }

    /**
     * Checks that {@code shapes} holds exactly the expected parameters with the expected shapes.
     *
     * @param shapes the shapes found, by parameter name
     * @param source the file or folder the shapes came from, for the message
     * @param hint a sentence added to the end of the message (where the names and shapes come from), or empty
     * @throws WeightsException naming every missing, unexpected and mis-shaped parameter, with shapes
     */
    public static void check(
            Map<String, long[]> shapes, BertConfig config, boolean withPooler, String source, String hint)
            throws WeightsException {
        Map<String, int[]> expected = expectedShapes(config, withPooler);
        List<String> missing = new ArrayList<>();
        List<String> misShaped = new ArrayList<>();
        for (Map.Entry<String, int[]> entry : expected.entrySet()) {
            long[] found = shapes.get(entry.getKey());
            long[] wanted = Arrays.stream(entry.getValue()).asLongStream().toArray();
            if (found == null) {
                missing.add(entry.getKey());
            } else if (!Arrays.equals(found, wanted)) {
                misShaped.add(entry.getKey() + " " + Arrays.toString(found) + " instead of " + Arrays.toString(wanted));
            }
        }
        List<String> unexpected = shapes.keySet().stream()
                .filter(name -> !expected.containsKey(name))
                .toList();
        if (missing.isEmpty() && misShaped.isEmpty() && unexpected.isEmpty()) {
            return;
        }
        StringBuilder message =
                new StringBuilder(source).append(": weights do not match ").append(config);
        if (!missing.isEmpty()) {
            message.append("; missing ").append(list(missing));
        }
        if (!misShaped.isEmpty()) {
            message.append("; wrong shape ").append(list(misShaped));
        }
        if (!unexpected.isEmpty()) {
            message.append("; unexpected ").append(list(unexpected));
        }
        if (!hint.isEmpty()) {
            message.append(". ").append(hint);
        }
        throw new WeightsException(message.toString());
    }

    private static String list(List<String> items) {
        String shown = String.join(", ", items.subList(0, Math.min(items.size(), LISTED_NAMES)));
        int more = items.size() - LISTED_NAMES;
        return items.size() + ": " + shown + (more > 0 ? ", and " + more + " more" : "");
    }

    private static void linear(Map<String, int[]> shapes, String module, int in, int out) {
        shapes.put(module + ".weight", new int[] {out, in});
        shapes.put(module + ".bias", new int[] {out});
    }

    private static void layerNorm(Map<String, int[]> shapes, String module, int size) {
        shapes.put(module + ".weight", new int[] {size});
        shapes.put(module + ".bias", new int[] {size});
    }
}
