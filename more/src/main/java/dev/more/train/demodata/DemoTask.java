package dev.more.train.demodata;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The synthetic data sets shipped under {@code /data/} on the classpath (the sources are in
 * {@code more/src/main/resources/data/}, made by {@link DemoDataGenerator}).
 */
public enum DemoTask {
    /** Binary sentiment of short reviews (negative, positive), JSONL. */
    SENTIMENT("sentiment", "jsonl", "binary sentiment of short reviews"),
    /** Four-way topic of news-style sentences (business, cooking, science, sports), CSV. */
    TOPIC("topic", "csv", "4-way topic of news-style sentences"),
    /** Sentence pairs, 1 when the second paraphrases the first, else 0, JSONL. */
    PARAPHRASE("paraphrase", "jsonl", "sentence-pair paraphrase detection");

    /** Examples generated for each task's training split. */
    static final int TRAIN_SIZE = 800;
    /** Examples generated for each task's evaluation split. */
    static final int EVAL_SIZE = 200;

    private final String id;
    private final String extension;
    private final String description;

    DemoTask(String id, String extension, String description) {
        this.id = id;
        this.extension = extension;
        this.description = description;
    }

    /** The name used on the command line and as the folder name, e.g. {@code sentiment}. */
    public String id() {
        return id;
    }

    /** One line saying what the task is. */
    public String description() {
        return description;
    }

    /** The training split's path below the data root, e.g. {@code sentiment/train.jsonl}. */
    public String trainFile() {
        return id + "/train." + extension;
    }

    /** The evaluation split's path below the data root. */
    public String evalFile() {
        return id + "/eval." + extension;
    }

    /** The classpath resource of {@code file} (one of this task's files), e.g. {@code /data/sentiment/train.jsonl}. */
    public static String resource(String file) {
        return "/data/" + file;
    }

    /**
     * The task called {@code id}.
     *
     * @throws IllegalArgumentException naming the tasks there are
     */
    public static DemoTask byId(String id) {
        for (DemoTask t : values()) {
            if (t.id.equals(id.toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown demo task '" + id + "'; choose one of "
                + Arrays.stream(values()).map(DemoTask::id).collect(Collectors.joining(", ")));
    }
}
