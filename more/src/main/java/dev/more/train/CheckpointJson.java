package dev.more.train;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.more.nn.optim.OptimizerState;
import dev.more.tensor.Rng;
import dev.more.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A checkpoint's {@code trainer.json}: everything of a {@link Checkpoint} but its tensors, and the run's
 * settings. Floating-point values round-trip exactly: a double is written as its shortest decimal form
 * (which parses back to the same double), a float widened to double first, and NaN or an infinity as
 * the string {@code "NaN"}, {@code "Infinity"} or {@code "-Infinity"}.
 */
final class CheckpointJson {
    /** The file name in a checkpoint folder. */
    static final String FILE_NAME = "trainer.json";

    private static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** What the JSON holds: the checkpoint, given its tensors, and the settings of the run that wrote it. */
    record Read(Checkpoint checkpoint, Map<String, String> settings) {}

    private CheckpointJson() {}

    /** The JSON of {@code c} and {@code settings}. */
    static byte[] write(Checkpoint c, Map<String, String> settings) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format_version", VERSION);
        root.put("step", c.step());
        root.put("epoch", c.epoch());
        root.put("step_in_epoch", c.stepInEpoch());
        root.put("stopped_early", c.stoppedEarly());
        root.put("best_epoch", c.bestEpoch());
        root.put("since_best", c.sinceBest());
        number(root, "epoch_loss_sum", c.epochLossSum());
        number(root, "epoch_seconds", c.epochSeconds());
        root.put("optimizer_steps", c.optimizer().stepCount());
        rng(root.putObject("batch_order"), c.batchOrder());
        ObjectNode randoms = root.putObject("random_states");
        c.randomStates().forEach((path, state) -> rng(randoms.putObject(path), state));
        ObjectNode s = root.putObject("settings");
        settings.forEach(s::put);
        ArrayNode steps = root.putArray("steps");
        for (StepRecord r : c.steps()) {
            ObjectNode o = steps.addObject();
            o.put("step", r.step());
            o.put("epoch", r.epoch());
            o.put("step_in_epoch", r.stepInEpoch());
            number(o, "loss", r.loss());
            number(o, "learning_rate", r.learningRate());
            number(o, "grad_norm", r.gradNorm());
            o.put("examples", r.examples());
            number(o, "seconds", r.seconds());
        }
        ArrayNode epochs = root.putArray("epochs");
        for (EpochRecord r : c.epochs()) {
            ObjectNode o = epochs.addObject();
            o.put("epoch", r.epoch());
            number(o, "train_loss", r.trainLoss());
            number(o, "train_seconds", r.trainSeconds());
            number(o, "eval_seconds", r.evalSeconds());
            number(o, "learning_rate", r.learningRate());
            Evaluation e = r.eval();
            ObjectNode eval = o.putObject("eval");
            eval.put("count", e.count());
            number(eval, "accuracy", e.accuracy());
            number(eval, "macro_f1", e.macroF1());
            number(eval, "loss", e.loss());
            ArrayNode confusion = eval.putArray("confusion");
            for (int[] row : e.confusion()) {
                ArrayNode a = confusion.addArray();
                for (int v : row) {
                    a.add(v);
                }
            }
            ArrayNode predictions = eval.putArray("predictions");
            for (int p : e.predictions()) {
                predictions.add(p);
            }
        }
        return JSON.writeValueAsBytes(root);
    }

    /**
     * Reads {@code file}, completing the checkpoint with its tensors.
     *
     * @throws RunFolderException if the file is missing, not JSON, or lacks or mistypes a value (named)
     */
    static Read read(
            Path file, Map<String, Tensor> parameters, Map<String, Tensor> optimizerTensors, Map<String, Tensor> best)
            throws IOException {
        Fields root = new Fields(file, "", parse(file));
        if (root.integer("format_version") != VERSION) {
            throw new RunFolderException(file + ": format_version " + root.integer("format_version") + " is not "
                    + VERSION + ", the version this build reads");
        }
        Map<String, Rng.State> randoms = new LinkedHashMap<>();
        Fields randomStates = root.object("random_states");
        for (Iterator<String> paths = randomStates.node().fieldNames(); paths.hasNext(); ) {
            String path = paths.next();
            randoms.put(path, rng(randomStates.object(path)));
        }
        Map<String, String> settings = new LinkedHashMap<>();
        Fields s = root.object("settings");
        for (Iterator<String> keys = s.node().fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            settings.put(key, s.text(key));
        }
        List<StepRecord> steps = new ArrayList<>();
        for (Fields o : root.objects("steps")) {
            steps.add(new StepRecord(
                    o.integer("step"),
                    o.integer("epoch"),
                    o.integer("step_in_epoch"),
                    (float) o.number("loss"),
                    o.number("learning_rate"),
                    (float) o.number("grad_norm"),
                    o.longInteger("examples"),
                    o.number("seconds")));
        }
        List<EpochRecord> epochs = new ArrayList<>();
        for (Fields o : root.objects("epochs")) {
            Fields e = o.object("eval");
            List<Fields> rows = e.arrays("confusion");
            int[][] confusion = new int[rows.size()][];
            for (int i = 0; i < confusion.length; i++) {
                confusion[i] = rows.get(i).integers();
            }
            Evaluation eval = new Evaluation(
                    e.integer("count"),
                    e.number("accuracy"),
                    e.number("macro_f1"),
                    e.number("loss"),
                    confusion,
                    e.array("predictions").integers());
            epochs.add(new EpochRecord(
                    o.integer("epoch"),
                    o.number("train_loss"),
                    eval,
                    o.number("train_seconds"),
                    o.number("eval_seconds"),
                    o.number("learning_rate")));
        }
        try {
            Checkpoint checkpoint = new Checkpoint(
                    root.integer("epoch"),
                    root.integer("step_in_epoch"),
                    root.bool("stopped_early"),
                    rng(root.object("batch_order")),
                    randoms,
                    parameters,
                    new OptimizerState(root.longInteger("optimizer_steps"), optimizerTensors),
                    best,
                    root.integer("best_epoch"),
                    root.integer("since_best"),
                    steps,
                    epochs,
                    root.number("epoch_loss_sum"),
                    root.number("epoch_seconds"));
            return new Read(checkpoint, settings);
        } catch (IllegalArgumentException e) {
            throw new RunFolderException(file + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode parse(Path file) throws IOException {
        try {
            return JSON.readTree(Files.readAllBytes(file));
        } catch (JacksonException e) {
            throw new RunFolderException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static void number(ObjectNode o, String key, double value) {
        if (Double.isFinite(value)) {
            o.put(key, value);
        } else {
            o.put(key, Double.toString(value));
        }
    }

    private static void rng(ObjectNode o, Rng.State state) {
        o.put("seed", state.seed());
        o.put("gamma", state.gamma());
        number(o, "spare_gaussian", state.spareGaussian());
    }

    private static Rng.State rng(Fields o) throws RunFolderException {
        try {
            return new Rng.State(o.longInteger("seed"), o.longInteger("gamma"), o.number("spare_gaussian"));
        } catch (IllegalArgumentException e) {
            throw new RunFolderException(o.file() + ": " + o.path() + ": " + e.getMessage(), e);
        }
    }

    /** A JSON object or array and where it is, so that every error names the file and the key. */
    private record Fields(Path file, String path, JsonNode node) {
        private JsonNode field(String key) throws RunFolderException {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                throw new RunFolderException(file + ": missing \"" + path + key + "\"");
            }
            return v;
        }

        private RunFolderException wrong(String key, String expected, JsonNode v) {
            return new RunFolderException(file + ": \"" + path + key + "\" must be " + expected + ", got " + v);
        }

        int integer(String key) throws RunFolderException {
            JsonNode v = field(key);
            if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                throw wrong(key, "an integer", v);
            }
            return v.intValue();
        }

        long longInteger(String key) throws RunFolderException {
            JsonNode v = field(key);
            if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                throw wrong(key, "a 64-bit integer", v);
            }
            return v.longValue();
        }

        double number(String key) throws RunFolderException {
            JsonNode v = field(key);
            if (v.isNumber()) {
                return v.doubleValue();
            }
            if (v.isTextual() && List.of("NaN", "Infinity", "-Infinity").contains(v.textValue())) {
                return Double.parseDouble(v.textValue());
            }
            throw wrong(key, "a number", v);
        }

        boolean bool(String key) throws RunFolderException {
            JsonNode v = field(key);
            if (!v.isBoolean()) {
                throw wrong(key, "true or false", v);
            }
            return v.booleanValue();
        }

        String text(String key) throws RunFolderException {
            JsonNode v = field(key);
            if (!v.isTextual()) {
                throw wrong(key, "a string", v);
            }
            return v.textValue();
        }

        Fields object(String key) throws RunFolderException {
            JsonNode v = field(key);
            if (!v.isObject()) {
                throw wrong(key, "an object", v);
            }
            return new Fields(file, path + key + ".", v);
        }

        Fields array(String key) throws RunFolderException {
            JsonNode v = field(key);
            if (!v.isArray()) {
                throw wrong(key, "a list", v);
            }
            return new Fields(file, path + key, v);
        }

        /** The elements of list {@code key}, each an object. */
        List<Fields> objects(String key) throws RunFolderException {
            return elements(key, JsonNode::isObject, "a list of objects", ".");
        }

        /** The elements of list {@code key}, each a list. */
        List<Fields> arrays(String key) throws RunFolderException {
            return elements(key, JsonNode::isArray, "a list of lists", "");
        }

        private List<Fields> elements(String key, Predicate<JsonNode> kind, String expected, String separator)
                throws RunFolderException {
            Fields list = array(key);
            List<Fields> out = new ArrayList<>();
            for (int i = 0; i < list.node.size(); i++) {
                JsonNode e = list.node.get(i);
                if (!kind.test(e)) {
                    throw wrong(key, expected, list.node);
                }
                out.add(new Fields(file, path + key + "[" + i + "]" + separator, e));
            }
            return out;
        }

        /** This list's elements as integers. */
        int[] integers() throws RunFolderException {
            int[] out = new int[node.size()];
            for (int i = 0; i < out.length; i++) {
                JsonNode e = node.get(i);
                if (!e.isIntegralNumber() || !e.canConvertToInt()) {
                    throw new RunFolderException(file + ": \"" + path + "\" must hold integers, got " + e);
                }
                out[i] = e.intValue();
            }
            return out;
        }
    }
}
