package dev.more.train;

import dev.more.kernels.cpu.Parallel;
import dev.more.train.data.Dataset;
import dev.more.train.data.Example;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * What decides a run's result bit for bit, as text: the base model, the adapter configuration, every
 * training option, pooling, dropout, a SHA-256 of each data set's examples, and the thread count. A
 * checkpoint stores them; resuming compares them with the resuming run's, so a run is never continued
 * with other options or data. The checkpoint interval is left out: it does not change the result.
 */
final class RunSettings {
    private RunSettings() {}

    /** The settings of a run of {@code spec} on {@code train} and {@code eval} with this process's threads. */
    static Map<String, String> of(FineTuneRun.Spec spec, Dataset train, Dataset eval) {
        TrainingOptions o = spec.options();
        Map<String, String> s = new LinkedHashMap<>();
        s.put("base_model", spec.base().id());
        s.put("adapter", spec.adapter().toString());
        s.put("epochs", Integer.toString(o.epochs()));
        s.put("learning_rate", Double.toString(o.learningRate()));
        s.put("batch_size", Integer.toString(o.batchSize()));
        s.put("max_length", Integer.toString(o.maxLength()));
        s.put("seed", Long.toString(o.seed()));
        s.put("warmup_ratio", Double.toString(o.warmupRatio()));
        s.put("schedule", o.schedule().id());
        s.put("weight_decay", Double.toString(o.weightDecay()));
        s.put("max_grad_norm", Double.toString(o.maxGradNorm()));
        s.put("patience", Integer.toString(o.patience()));
        s.put("bucket_batches", Integer.toString(o.bucketBatches()));
        s.put("pooling", spec.pooling().name().toLowerCase(Locale.ROOT));
        s.put("dropout", Float.toString(spec.dropout()));
        s.put("train_data", describe(train));
        s.put("eval_data", describe(eval));
        s.put("threads", Integer.toString(Parallel.threads()));
        return s;
    }

    /**
     * Checks that a run with {@code now} may go on from the checkpoint at {@code checkpoint}, written with
     * {@code saved}.
     *
     * @throws SpecMismatchException naming every setting that differs, with both values
     */
    static void check(Map<String, String> saved, Map<String, String> now, Path checkpoint) {
        TreeSet<String> keys = new TreeSet<>(saved.keySet());
        keys.addAll(now.keySet());
        List<String> differences = new ArrayList<>();
        for (String key : keys) {
            String before = saved.get(key);
            String after = now.get(key);
            if (before == null || !before.equals(after)) {
                differences.add(
                        key + " " + (before == null ? "(none)" : before) + " -> " + (after == null ? "(none)" : after));
            }
        }
        if (!differences.isEmpty()) {
            throw new SpecMismatchException(
                    "cannot resume from " + checkpoint + ": it was made with other settings ("
                            + String.join("; ", differences) + "); resume with the options, data and --threads of the "
                            + "first run",
                    null);
        }
    }

    /** "200 examples, sha256 ab12...": the count and a digest of every example's text, pair and label. */
    static String describe(Dataset data) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM lacks SHA-256, which every Java platform must provide", e);
        }
        for (Example e : data.examples()) {
            field(sha, e.text());
            field(sha, e.textPair() == null ? "" : e.textPair());
            sha.update((byte) (e.textPair() == null ? 0 : 1));
            field(sha, e.label());
        }
        return data.size() + " examples, sha256 "
                + HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    }

    /** Length-prefixed, so that no two different examples hash the same bytes. */
    private static void field(MessageDigest sha, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        for (int shift = 24; shift >= 0; shift -= 8) {
            sha.update((byte) (bytes.length >>> shift));
        }
        sha.update(bytes);
    }
}
