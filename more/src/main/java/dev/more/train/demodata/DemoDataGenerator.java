package dev.more.train.demodata;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Writes the shipped synthetic data sets ({@link DemoTask}): for each task, 800 training and 200
 * evaluation examples from its seeded template generator, balanced across labels, without duplicates
 * and with no evaluation example that also occurs in training. The output is a pure function of the code: a test checks
 * that the files under {@code more/src/main/resources/data/} are exactly what this class writes.
 *
 * <p>Run it after changing a template, from the repository root, once {@code bin/more} has built the jar:
 * <pre>
 * java -cp "more/target/more-0.1.0-SNAPSHOT.jar:more/target/lib/*" \
 *     dev.more.train.demodata.DemoDataGenerator more/src/main/resources/data
 * </pre>
 */
public final class DemoDataGenerator {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SENTIMENT_SEED = 20_240_829L;
    private static final long TOPIC_SEED = 1_717L;
    private static final long PARAPHRASE_SEED = 4_242L;

    private DemoDataGenerator() {}

    /** Writes every task's files into {@code args[0]} (the data root), creating folders as needed. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: DemoDataGenerator DATA_ROOT   (e.g. more/src/main/resources/data)");
            System.exit(2);
        }
        Path root = Path.of(args[0]);
        for (Map.Entry<String, String> file : files().entrySet()) {
            Path target = root.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
            System.out.println("wrote " + target);
        }
    }

    /** Every file's path below the data root and its content, in task order. */
    public static Map<String, String> files() {
        Map<String, String> files = new LinkedHashMap<>();
        for (DemoTask task : DemoTask.values()) {
            List<List<Item>> splits = splits(task);
            boolean csv = task.trainFile().endsWith(".csv");
            files.put(task.trainFile(), csv ? csv(splits.get(0)) : jsonl(splits.get(0), task == DemoTask.PARAPHRASE));
            files.put(task.evalFile(), csv ? csv(splits.get(1)) : jsonl(splits.get(1), task == DemoTask.PARAPHRASE));
        }
        return files;
    }

    private static List<List<Item>> splits(DemoTask task) {
        return switch (task) {
            case SENTIMENT ->
                splits(new SentimentTemplates(SENTIMENT_SEED)::next, SentimentTemplates.LABELS, SENTIMENT_SEED);
            case TOPIC -> splits(new TopicTemplates(TOPIC_SEED)::next, TopicTemplates.LABELS, TOPIC_SEED);
            case PARAPHRASE ->
                splits(new ParaphraseTemplates(PARAPHRASE_SEED)::next, ParaphraseTemplates.LABELS, PARAPHRASE_SEED);
        };
    }

    /**
     * Distinct items, the labels taking turns so that each split is balanced: the first
     * {@link DemoTask#TRAIN_SIZE} for training and the next {@link DemoTask#EVAL_SIZE} for evaluation,
     * each split then shuffled.
     */
    private static List<List<Item>> splits(Function<String, Item> next, List<String> labels, long seed) {
        int total = DemoTask.TRAIN_SIZE + DemoTask.EVAL_SIZE;
        Set<String> seen = new HashSet<>();
        List<Item> items = new ArrayList<>();
        int attempts = 0;
        while (items.size() < total) {
            if (++attempts > 100 * total) {
                throw new IllegalStateException(
                        "the templates cannot make " + total + " distinct examples; add vocabulary");
            }
            Item item = next.apply(labels.get(items.size() % labels.size()));
            if (seen.add(item.text() + "\u0000" + item.textPair())) {
                items.add(item);
            }
        }
        Picker shuffler = new Picker(seed + 1);
        return List.of(
                shuffled(items.subList(0, DemoTask.TRAIN_SIZE), shuffler),
                shuffled(items.subList(DemoTask.TRAIN_SIZE, total), shuffler));
    }

    private static List<Item> shuffled(List<Item> items, Picker picker) {
        List<Item> out = new ArrayList<>(items);
        for (int i = out.size() - 1; i > 0; i--) {
            Collections.swap(out, i, picker.below(i + 1));
        }
        return out;
    }

    private static String jsonl(List<Item> items, boolean integerLabels) {
        StringBuilder out = new StringBuilder();
        for (Item item : items) {
            ObjectNode node = JSON.createObjectNode();
            node.put("text", item.text());
            if (item.textPair() != null) {
                node.put("text_pair", item.textPair());
            }
            if (integerLabels) {
                node.put("label", Integer.parseInt(item.label()));
            } else {
                node.put("label", item.label());
            }
            try {
                out.append(JSON.writeValueAsString(node)).append('\n');
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write " + item + " as JSON", e);
            }
        }
        return out.toString();
    }

    private static String csv(List<Item> items) {
        StringBuilder out = new StringBuilder("text,label\n");
        for (Item item : items) {
            out.append(csvField(item.text()))
                    .append(',')
                    .append(csvField(item.label()))
                    .append('\n');
        }
        return out.toString();
    }

    /** A field quoted as RFC 4180 requires when it holds a comma, a quote or a line break. */
    static String csvField(String value) {
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }
}
