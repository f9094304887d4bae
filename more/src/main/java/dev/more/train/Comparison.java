package dev.more.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.more.tensor.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs of several methods on one task, side by side: a text table, {@code comparison.json} and the
 * {@code comparison.png} bar chart.
 */
public final class Comparison {
    /** The JSON file's name. */
    public static final String FILE_NAME = "comparison.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final List<FineTuneRun.Outcome> runs = new ArrayList<>();

    /** Adds a finished run. */
    public void add(FineTuneRun.Outcome run) {
        runs.add(run);
    }

    /** A fixed-width table: method, trainable, adapter and total parameters, accuracy, macro-F1, training time. */
    public String table() {
        StringBuilder out = new StringBuilder(String.format(
                Locale.ROOT,
                "%-10s %12s %12s %8s %9s %9s %11s%n",
                "method",
                "trainable",
                "adapter",
                "train%",
                "accuracy",
                "macro-F1",
                "train time"));
        for (FineTuneRun.Outcome run : runs) {
            var injection = run.injection();
            var eval = run.result().best().eval();
            out.append(String.format(
                    Locale.ROOT,
                    "%-10s %,12d %,12d %7.3f%% %8.1f%% %8.1f%% %11s%n",
                    injection.config().type(),
                    injection.trainableParameters(),
                    injection.adapterParameters(),
                    100.0 * injection.trainableParameters() / injection.totalParameters(),
                    100 * eval.accuracy(),
                    100 * eval.macroF1(),
                    duration(run.result().trainSeconds())));
        }
        return out.toString();
    }

    /** Writes {@code comparison.json} and {@code comparison.png} into {@code dir}. */
    public void write(Path dir, String title) throws IOException {
        Files.createDirectories(dir);
        ObjectNode root = JSON.createObjectNode();
        ArrayNode array = root.putArray("runs");
        for (FineTuneRun.Outcome run : runs) {
            ObjectNode r = array.addObject();
            var injection = run.injection();
            var result = run.result();
            r.put("adapter", injection.config().type());
            r.put("dir", run.dir().toString());
            r.put("trainable_params", injection.trainableParameters());
            r.put("adapter_params", injection.adapterParameters());
            r.put("total_params", injection.totalParameters());
            r.put("eval_accuracy", result.best().eval().accuracy());
            r.put("eval_macro_f1", result.best().eval().macroF1());
            r.put("best_epoch", result.bestEpoch());
            r.put("train_seconds", result.trainSeconds());
            r.put("examples_per_second", result.examplesPerSecond());
        }
        AtomicFiles.write(dir.resolve(FILE_NAME), JSON.writeValueAsBytes(root));
        Plots.comparison(
                runs.stream().map(r -> r.injection().config().type()).toList(),
                runs.stream().map(r -> r.injection().trainableParameters()).toList(),
                runs.stream().map(r -> r.result().best().eval().accuracy()).toList(),
                title,
                dir.resolve(Plots.COMPARISON));
    }

    /** 83.4 s as "1m 23s", 9.2 s as "9.2s". */
    static String duration(double seconds) {
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.1fs", seconds);
        }
        long whole = Math.round(seconds);
        return whole / 60 + "m " + String.format(Locale.ROOT, "%02ds", whole % 60);
    }
}
