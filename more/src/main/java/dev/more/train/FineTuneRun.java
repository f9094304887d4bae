package dev.more.train;

import dev.more.adapters.AdapterConfig;
import dev.more.adapters.AdapterFiles;
import dev.more.adapters.Adapters;
import dev.more.adapters.Injection;
import dev.more.nn.models.BertForSequenceClassification;
import dev.more.nn.models.PoolingMode;
import dev.more.tensor.Devices;
import dev.more.tensor.Rng;
import dev.more.train.data.DataFormatException;
import dev.more.train.data.Dataset;
import dev.more.train.data.EncodedExample;
import dev.more.train.data.Encoder;
import dev.more.train.data.LabelSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One fine-tuning run into a run folder: labels from the training data, a classifier on the base
 * model, adapters injected (or the head alone, or everything, made trainable), training, and the
 * folder's files: the best epoch's adapter files ({@link AdapterFiles}: {@code adapter.safetensors} and
 * {@code adapter_config.json}, or PEFT's files for LoRA; they hold the head too), {@code classifier.json},
 * {@code metrics.json} and the {@code loss.png} and {@code accuracy.png} charts, and the last
 * {@link Checkpoint} in {@code checkpoints/} ({@link CheckpointFolder}), from which an interrupted run
 * goes on ({@link Checkpointing#resume()}) to the result the uninterrupted run would have reached. The
 * model computes on {@link Devices#current()} (the CLI's {@code --device}).
 */
public final class FineTuneRun {
    /**
     * What to fine-tune and how.
     *
     * @param base the pretrained model
     * @param adapter the adapters, or head-only or full fine-tuning
     * @param options the training options
     * @param pooling how hidden states become one vector per example
     * @param dropout the model's dropout probability
     */
    public record Spec(
            BaseModel base, AdapterConfig adapter, TrainingOptions options, PoolingMode pooling, float dropout) {
        /** Checks for nulls and the dropout's range. */
        public Spec {
            Objects.requireNonNull(base, "base");
            Objects.requireNonNull(adapter, "adapter");
            Objects.requireNonNull(options, "options");
            Objects.requireNonNull(pooling, "pooling");
            if (!(dropout >= 0 && dropout < 1)) {
                throw new IllegalArgumentException("dropout must be in [0, 1), not " + dropout);
            }
        }
    }

    /**
     * When to save checkpoints, and whether to go on from the last one.
     *
     * @param everySteps a checkpoint every this many steps, 0 for none between evaluations; one is always
     *     saved after each epoch's evaluation
     * @param resume go on from the run folder's last checkpoint instead of starting afresh
     */
    public record Checkpointing(int everySteps, boolean resume) {
        /** The default interval, in steps. */
        public static final int DEFAULT_EVERY = 100;

        /** Checks the interval. */
        public Checkpointing {
            if (everySteps < 0) {
                throw new IllegalArgumentException("checkpoint interval must be >= 0 steps, not " + everySteps);
            }
        }

        /** A checkpoint every {@value #DEFAULT_EVERY} steps and after each evaluation; a fresh start. */
        public static Checkpointing defaults() {
            return new Checkpointing(DEFAULT_EVERY, false);
        }
    }

    /**
     * A finished run.
     *
     * @param dir the run folder
     * @param labels the classes
     * @param injection what the adapter configuration made trainable, with parameter counts
     * @param result the training record
     */
    public record Outcome(Path dir, LabelSet labels, Injection injection, TrainingResult result) {}

    private FineTuneRun() {}

    /** Runs {@code spec} with the default checkpoints; see {@link #run(Spec, Dataset, Dataset, Path, TrainingListener, Checkpointing)}. */
    public static Outcome run(Spec spec, Dataset train, Dataset eval, Path dir, TrainingListener listener)
            throws IOException {
        return run(spec, train, eval, dir, listener, Checkpointing.defaults());
    }

    /**
     * Runs {@code spec} on {@code train}, evaluating on {@code eval}, writing into {@code dir} (created if
     * needed). The adapter files are rewritten at each better epoch, so the folder always holds the best so far.
     * A fresh run removes the checkpoints of an earlier run in {@code dir}; a resumed one checks that the
     * checkpoint was written with the same settings ({@link RunSettings}: options, data, threads).
     *
     * @throws DataFormatException if the evaluation data has unknown labels or its kind (single texts or pairs)
     *     differs from the training data's
     * @throws SpecMismatchException if the adapter configuration does not fit the model (e.g. an unknown target),
     *     the maximum length exceeds the model's positions, or pooler pooling is asked of a model without one, or
     *     when resuming, if the checkpoint was written with other settings
     * @throws RunFolderException if {@code dir} exists and is not a folder, or when resuming, if it holds no
     *     checkpoint or a malformed one
     * @throws TrainingDivergedException if the loss or a gradient becomes NaN or infinite
     * @throws IOException if a file cannot be written
     */
    public static Outcome run(
            Spec spec, Dataset train, Dataset eval, Path dir, TrainingListener listener, Checkpointing checkpointing)
            throws IOException {
        if (train.isPairs() != eval.isPairs()) {
            throw new DataFormatException(eval.source() + (eval.isPairs() ? " holds text pairs" : " holds single texts")
                    + " but " + train.source() + (train.isPairs() ? " holds text pairs" : " holds single texts"));
        }
        TrainingOptions options = spec.options();
        int positions = spec.base().weights().config().maxPositions();
        if (options.maxLength() > positions) {
            throw new SpecMismatchException(
                    "max length " + options.maxLength() + " exceeds the " + positions + " positions of "
                            + spec.base().id(),
                    null);
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new RunFolderException(dir + ": exists and is not a folder");
        }
        LabelSet labels = LabelSet.of(train);
        List<EncodedExample> trainSet = Encoder.encode(train, spec.base().tokenizer(), options.maxLength(), labels);
        List<EncodedExample> evalSet = Encoder.encode(eval, spec.base().tokenizer(), options.maxLength(), labels);

        Map<String, String> settings = RunSettings.of(spec, train, eval);
        CheckpointFolder checkpoints = new CheckpointFolder(dir);
        CheckpointFolder.Saved saved = null;
        if (checkpointing.resume()) {
            saved = checkpoints.readLatest();
            RunSettings.check(saved.settings(), settings, saved.path());
        }

        Rng rng = new Rng(options.seed());
        BertForSequenceClassification model;
        Injection injection;
        try {
            model = spec.base().classifier(labels.size(), spec.pooling(), spec.dropout(), rng.split());
            injection = Adapters.inject(model, spec.adapter(), rng.split());
        } catch (IllegalArgumentException e) {
            throw new SpecMismatchException(e.getMessage(), e);
        }
        model.to(Devices.current());

        Files.createDirectories(dir);
        if (saved == null) {
            checkpoints.clear();
        }
        ClassifierFile classifier =
                new ClassifierFile(spec.base().id(), labels, train.isPairs(), options.maxLength(), spec.pooling());
        TrainingListener forwarding = new TrainingListener() {
            @Override
            public void started(int epochs, int stepsPerEpoch, int totalSteps) {
                listener.started(epochs, stepsPerEpoch, totalSteps);
            }

            @Override
            public void resumed(int step, Path checkpoint) {
                listener.resumed(step, checkpoint);
            }

            @Override
            public void step(StepRecord step) {
                listener.step(step);
            }

            @Override
            public void epochEnded(EpochRecord epoch, boolean best) throws IOException {
                if (best) {
                    AdapterFiles.save(dir, model, spec.adapter(), spec.base().id());
                    classifier.write(dir);
                }
                listener.epochEnded(epoch, best);
            }
        };
        Trainer trainer = new Trainer(
                model,
                options,
                spec.base().padId(),
                forwarding,
                checkpointing.everySteps(),
                checkpoint -> checkpoints.write(checkpoint, settings));
        TrainingResult result = saved == null
                ? trainer.fit(trainSet, evalSet)
                : trainer.fit(trainSet, evalSet, saved.checkpoint(), saved.path());
        if (saved != null) {
            // The first run may have stopped between writing the adapter's two files; write the best epoch's again.
            AdapterFiles.save(dir, model, spec.adapter(), spec.base().id());
            classifier.write(dir);
        }
        Outcome outcome = new Outcome(dir, labels, injection, result);
        MetricsFile.write(dir.resolve(MetricsFile.FILE_NAME), spec, outcome, train, eval);
        String title = spec.adapter().type() + " on " + shortName(spec.base().id());
        Plots.loss(result.steps(), "Training loss, " + title, dir.resolve(Plots.LOSS));
        Plots.accuracy(result.epochs(), "Evaluation per epoch, " + title, dir.resolve(Plots.ACCURACY));
        return outcome;
    }

    /** {@code minilm}, or a folder path's last part. */
    static String shortName(String baseModel) {
        Path name = Path.of(baseModel).getFileName();
        return name == null ? baseModel : name.toString();
    }
}
