package dev.more.train.demodata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.more.train.data.CsvReader;
import dev.more.train.data.DataFiles;
import dev.more.train.data.Dataset;
import dev.more.train.data.Example;
import dev.more.train.data.LabelSet;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DemoDataTest {
    private static final Map<String, String> GENERATED = DemoDataGenerator.files();

    private static String resource(String file) throws IOException {
        try (InputStream in = DemoDataTest.class.getResourceAsStream(DemoTask.resource(file))) {
            assertThat(in).as("resource %s", file).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theShippedFilesAreExactlyWhatTheGeneratorWrites() throws IOException {
        assertThat(GENERATED).hasSize(2 * DemoTask.values().length);
        for (Map.Entry<String, String> file : GENERATED.entrySet()) {
            assertThat(resource(file.getKey())).as(file.getKey()).isEqualTo(file.getValue());
        }
    }

    @ParameterizedTest
    @EnumSource(DemoTask.class)
    void splitsAreBalancedDistinctAndDisjoint(DemoTask task) throws IOException {
        Dataset train = DataFiles.readResource(DemoTask.resource(task.trainFile()));
        Dataset eval = DataFiles.readResource(DemoTask.resource(task.evalFile()));
        assertThat(train.size()).isEqualTo(DemoTask.TRAIN_SIZE);
        assertThat(eval.size()).isEqualTo(DemoTask.EVAL_SIZE);
        LabelSet labels = LabelSet.of(train);
        assertThat(labels.indexes(eval)).hasSize(DemoTask.EVAL_SIZE);
        for (Dataset split : List.of(train, eval)) {
            Map<String, Long> counts =
                    split.examples().stream().collect(Collectors.groupingBy(Example::label, Collectors.counting()));
            assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(labels.names());
            assertThat(new HashSet<>(counts.values())).containsExactly((long) split.size() / labels.size());
        }
        Function<Example, String> key = e -> e.text() + "\u0000" + e.textPair();
        Set<String> trainKeys = train.examples().stream().map(key).collect(Collectors.toSet());
        assertThat(trainKeys).hasSize(train.size());
        assertThat(eval.examples().stream().map(key).filter(trainKeys::contains))
                .isEmpty();
        assertThat(train.isPairs()).isEqualTo(task == DemoTask.PARAPHRASE);
    }

    @Test
    void labelKindsAreAsDocumented() throws IOException {
        assertThat(LabelSet.of(DataFiles.readResource("/data/sentiment/train.jsonl"))
                        .names())
                .containsExactly("negative", "positive");
        assertThat(LabelSet.of(DataFiles.readResource("/data/topic/train.csv")).names())
                .containsExactly("business", "cooking", "science", "sports");
        LabelSet paraphrase = LabelSet.of(DataFiles.readResource("/data/paraphrase/train.jsonl"));
        assertThat(paraphrase.names()).containsExactly("0", "1");
        assertThat(paraphrase.integers()).isTrue();
    }

    @Test
    void csvFieldsQuoteWhatNeedsQuotingAndReadBack() throws IOException {
        List<String> values = List.of("plain", "a, b", "say \"hi\"", "two\nlines");
        String line = values.stream().map(DemoDataGenerator::csvField).collect(Collectors.joining(","));
        assertThat(line).isEqualTo("plain,\"a, b\",\"say \"\"hi\"\"\",\"two\nlines\"");
        assertThat(CsvReader.parse(line, "x").getFirst().fields()).isEqualTo(values);
        assertThat(resource("topic/train.csv")).contains("\"To cool inflation, the central bank");
    }

    @Test
    void tasksByName() {
        assertThat(DemoTask.byId("Topic")).isEqualTo(DemoTask.TOPIC);
        assertThat(DemoTask.TOPIC.trainFile()).isEqualTo("topic/train.csv");
        assertThatThrownBy(() -> DemoTask.byId("nli"))
                .hasMessage("unknown demo task 'nli'; choose one of sentiment, topic, paraphrase");
        assertThatThrownBy(() -> DataFiles.readResource("/data/none.jsonl"))
                .hasMessage("classpath:/data/none.jsonl: no such resource");
    }
}
