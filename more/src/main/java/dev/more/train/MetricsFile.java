package dev.more.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.more.kernels.cpu.Parallel;
import dev.more.tensor.io.AtomicFiles;
import dev.more.train.data.Dataset;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code metrics.json}: the run's scores (of the best epoch, whose parameters the folder holds),
 * parameter counts, timing, the options it ran with, the per-epoch history, and every step's loss,
 * learning rate and gradient norm (before clipping).
 * {@code final_loss} is the mean training loss of the last epoch run; {@code last_step_loss} the last
 * step's.
 */
public final class MetricsFile {
    /** The file name in a run folder. */
    public static final String FILE_NAME = "metrics.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private MetricsFile() {}

    /** Writes the metrics of {@code outcome} to {@code file}, atomically. */
    public static void write(Path file, FineTuneRun.Spec spec, FineTuneRun.Outcome outcome, Dataset train, Dataset eval)
            throws IOException {
        TrainingResult result = outcome.result();
        Evaluation best = result.best().eval();
        ObjectNode root = JSON.createObjectNode();
        root.put("adapter", spec.adapter().type());
        root.put("base_model", spec.base().id());
        root.put("eval_accuracy", best.accuracy());
        root.put("eval_macro_f1", best.macroF1());
        root.put("eval_loss", best.loss());
        root.put("best_epoch", result.bestEpoch());
        root.put("trainable_params", outcome.injection().trainableParameters());
        root.put("adapter_params", outcome.injection().adapterParameters());
        root.put("total_params", outcome.injection().totalParameters());
        root.put("train_seconds", result.trainSeconds());
        root.put("examples_per_second", result.examplesPerSecond());
        root.put("steps", result.steps().size());
        root.put("epochs_run", result.epochs().size());
        root.put("stopped_early", result.stoppedEarly());
        root.put("final_loss", result.finalLoss());
        root.put("last_step_loss", result.steps().getLast().loss());

        ObjectNode data = root.putObject("data");
        data.put("train", train.source());
        data.put("eval", eval.source());
        data.put("train_examples", train.size());
        data.put("eval_examples", eval.size());
        data.put("text_pair", train.isPairs());
        ArrayNode labels = data.putArray("labels");
        outcome.labels().names().forEach(labels::add);

        TrainingOptions o = spec.options();
        ObjectNode options = root.putObject("options");
        options.put("epochs", o.epochs());
        options.put("learning_rate", o.learningRate());
        options.put("batch_size", o.batchSize());
        options.put("max_length", o.maxLength());
        options.put("seed", o.seed());
        options.put("warmup_ratio", o.warmupRatio());
        options.put("schedule", o.schedule().id());
        options.put("weight_decay", o.weightDecay());
        options.put("max_grad_norm", o.maxGradNorm());
        options.put("patience", o.patience());
        options.put("pooling", spec.pooling().name().toLowerCase(Locale.ROOT));
        options.put("dropout", spec.dropout());
        options.put("threads", Parallel.threads());

        ArrayNode confusion = root.putArray("eval_confusion");
        for (int[] row : best.confusion()) {
            ArrayNode r = confusion.addArray();
            for (int c : row) {
                r.add(c);
            }
        }
        ArrayNode history = root.putArray("history");
        for (EpochRecord e : result.epochs()) {
            ObjectNode h = history.addObject();
            h.put("epoch", e.epoch());
            h.put("train_loss", e.trainLoss());
            h.put("eval_loss", e.eval().loss());
            h.put("eval_accuracy", e.eval().accuracy());
            h.put("eval_macro_f1", e.eval().macroF1());
            h.put("learning_rate", e.learningRate());
            h.put("train_seconds", e.trainSeconds());
            h.put("eval_seconds", e.evalSeconds());
        }
        ArrayNode losses = root.putArray("step_loss");
        ArrayNode rates = root.putArray("step_learning_rate");
        ArrayNode norms = root.putArray("step_grad_norm");
        for (StepRecord s : result.steps()) {
            losses.add(s.loss());
            rates.add(s.learningRate());
            norms.add(s.gradNorm());
        }

        AtomicFiles.write(file, JSON.writeValueAsBytes(root));
    }
}
