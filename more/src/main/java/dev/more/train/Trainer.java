package dev.more.train;

import dev.more.autograd.Variable;
import dev.more.nn.Module;
import dev.more.nn.Parameter;
import dev.more.nn.Stochastic;
import dev.more.nn.loss.CrossEntropyLoss;
import dev.more.nn.models.BertForSequenceClassification;
import dev.more.nn.optim.AdamW;
import dev.more.nn.optim.AdamWOptions;
import dev.more.nn.optim.GradientClipping;
import dev.more.nn.optim.LrSchedule;
import dev.more.tensor.Rng;
import dev.more.tensor.Tensor;
import dev.more.train.data.Batch;
import dev.more.train.data.Batcher;
import dev.more.train.data.EncodedExample;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Fine-tunes a sequence classifier's trainable parameters (whatever is not frozen: adapters, the head,
 * or everything) with AdamW under a warmup-then-decay schedule, clipping gradients by their global
 * norm. After each epoch it evaluates; the best epoch (highest accuracy, then lowest evaluation loss)
 * is kept in memory and put back at the end, and training stops early when {@code patience} epochs
 * pass without a better one. A loss or gradient that is NaN or infinite stops training with a
 * {@link TrainingDivergedException}.
 *
 * <p>With a {@link CheckpointSink}, a {@link Checkpoint} is saved every {@code checkpointEvery} steps and
 * after each epoch's evaluation; {@link #fit(List, List, Checkpoint, Path)} goes on from one and ends
 * bit-identical to the uninterrupted run.
 *
 * <p>The batch order comes from {@code Rng(seed)}; dropout and adapter init come from the model's own
 * generators, so a run is repeatable on the same machine and thread count when the model is built from
 * the same seed.
 */
public final class Trainer {
    private final BertForSequenceClassification model;
    private final TrainingOptions options;
    private final int padId;
    private final TrainingListener listener;
    private final int checkpointEvery;
    private final CheckpointSink sink;

    /** What changes as training goes: the records, the best epoch, where it is in the data. */
    private static final class Run {
        final List<StepRecord> steps = new ArrayList<>();
        final List<EpochRecord> epochs = new ArrayList<>();
        Map<String, Tensor> best = Map.of();
        int bestEpoch;
        int sinceBest;
        boolean stoppedEarly;
        int epoch = 1;
        int stepInEpoch;
        double epochLossSum;
        long epochNanos;
        long trainNanos;
        long examples;
        Path lastCheckpoint;
    }

    /** A trainer of {@code model} padding batches with {@code padId}, reporting to {@code listener}, saving no checkpoint. */
    public Trainer(BertForSequenceClassification model, TrainingOptions options, int padId, TrainingListener listener) {
        this(model, options, padId, listener, 0, null);
    }

    /**
     * A trainer that also saves a checkpoint into {@code sink} every {@code checkpointEvery} steps (0: only
     * after each epoch's evaluation) and after each evaluation; a null sink saves none.
     */
    public Trainer(
            BertForSequenceClassification model,
            TrainingOptions options,
            int padId,
            TrainingListener listener,
            int checkpointEvery,
            CheckpointSink sink) {
        if (checkpointEvery < 0) {
            throw new IllegalArgumentException("checkpoint interval must be >= 0 steps, not " + checkpointEvery);
        }
        this.model = model;
        this.options = options;
        this.padId = padId;
        this.listener = listener;
        this.checkpointEvery = checkpointEvery;
        this.sink = sink;
    }

    /**
     * Trains on {@code train}, evaluating on {@code eval} after each epoch.
     *
     * @throws IllegalStateException if no parameter is trainable
     * @throws TrainingDivergedException if the loss or a gradient is NaN or infinite
     * @throws IOException if the listener or the sink fails to write a checkpoint
     */
    public TrainingResult fit(List<EncodedExample> train, List<EncodedExample> eval) throws IOException {
        return fit(train, eval, null, null);
    }

    /**
     * Goes on from {@code from} (saved at {@code fromPath}; both null to start afresh) on the same data
     * with the same options, on a model built as the interrupted run's was (same seed, same adapters).
     *
     * @throws IllegalArgumentException if the checkpoint does not fit the model or the data
     * @throws IllegalStateException if no parameter is trainable
     * @throws TrainingDivergedException if the loss or a gradient is NaN or infinite
     * @throws IOException if the listener or the sink fails to write a checkpoint
     */
    public TrainingResult fit(List<EncodedExample> train, List<EncodedExample> eval, Checkpoint from, Path fromPath)
            throws IOException {
        List<Variable> parameters = model.trainableParameters();
        if (parameters.isEmpty()) {
            throw new IllegalStateException("nothing to train: every parameter of the model is frozen");
        }
        if (train.isEmpty() || eval.isEmpty()) {
            throw new IllegalArgumentException("training needs examples to train on and to evaluate on");
        }
        AdamW optimizer = new AdamW(
                parameters,
                AdamWOptions.defaults()
                        .withLearningRate(options.learningRate())
                        .withWeightDecay(options.weightDecay()));
        Batcher batcher = new Batcher(options.batchSize(), padId, options.bucketBatches());
        int stepsPerEpoch = batcher.batchesPerEpoch(train.size());
        int totalSteps = options.epochs() * stepsPerEpoch;
        LrSchedule schedule = options.schedule().over(Math.round(options.warmupRatio() * totalSteps), totalSteps);
        Rng order = new Rng(options.seed());
        Evaluator evaluator = new Evaluator(model, options.batchSize(), padId);
        CrossEntropyLoss lossFunction = CrossEntropyLoss.standard();
        List<String> names = trainableNames(parameters);

        Run run = new Run();
        listener.started(options.epochs(), stepsPerEpoch, totalSteps);
        if (from != null) {
            restore(from, fromPath, run, optimizer, order, stepsPerEpoch);
            listener.resumed(from.step(), fromPath);
        }
        while (!run.stoppedEarly && run.epoch <= options.epochs()) {
            Rng.State orderAtStart = order.state();
            model.train(true);
            List<Batch> batches = batcher.shuffled(train, order);
            for (Batch batch : batches.subList(run.stepInEpoch, batches.size())) {
                long start = System.nanoTime();
                int step = run.steps.size() + 1;
                double learningRate = options.learningRate() * schedule.multiplier(step - 1);
                optimizer.setLearningRate(learningRate);
                Variable loss = lossFunction.compute(
                        model.forward(batch.ids(), batch.attentionMask(), batch.tokenTypeIds()), batch.labels());
                float lossValue = loss.value().item();
                if (!Float.isFinite(lossValue)) {
                    throw new TrainingDivergedException(
                            step, run.epoch, "the loss is " + lossValue, run.lastCheckpoint);
                }
                loss.backward();
                // Clipping a non-finite norm spoils every gradient, so keep the originals to find the culprit.
                List<Tensor> grads = new ArrayList<>(parameters.size());
                parameters.forEach(p -> grads.add(p.grad()));
                float norm = GradientClipping.clipByGlobalNorm(parameters, options.maxGradNorm());
                if (!Float.isFinite(norm)) {
                    throw new TrainingDivergedException(
                            step, run.epoch, GradientCheck.culprit(names, grads), run.lastCheckpoint);
                }
                optimizer.step();
                optimizer.zeroGrad();
                long took = System.nanoTime() - start;
                run.epochNanos += took;
                run.trainNanos += took;
                run.examples += batch.size();
                run.epochLossSum += lossValue;
                run.stepInEpoch++;
                StepRecord record = new StepRecord(
                        step,
                        run.epoch,
                        run.stepInEpoch,
                        lossValue,
                        learningRate,
                        norm,
                        run.examples,
                        run.trainNanos / 1e9);
                run.steps.add(record);
                listener.step(record);
                if (checkpointEvery > 0 && step % checkpointEvery == 0 && run.stepInEpoch < batches.size()) {
                    save(run, orderAtStart, optimizer);
                }
            }
            long evalStart = System.nanoTime();
            Evaluation evaluation = evaluator.evaluate(eval);
            endEpoch(run, evaluation, (System.nanoTime() - evalStart) / 1e9);
            save(run, order.state(), optimizer);
        }
        restoreValues(run.best);
        return new TrainingResult(run.steps, run.epochs, run.bestEpoch, run.stoppedEarly, run.trainNanos / 1e9);
    }

    /** Records the evaluated epoch, keeps its values if it is the best, and decides whether patience ran out. */
    private void endEpoch(Run run, Evaluation evaluation, double evalSeconds) throws IOException {
        EpochRecord record = new EpochRecord(
                run.epoch,
                run.epochLossSum / run.stepInEpoch,
                evaluation,
                run.epochNanos / 1e9,
                evalSeconds,
                run.steps.getLast().learningRate());
        run.epochs.add(record);
        boolean better = run.bestEpoch == 0
                || isBetter(evaluation, run.epochs.get(run.bestEpoch - 1).eval());
        if (better) {
            run.best = trainableValues();
            run.bestEpoch = run.epoch;
            run.sinceBest = 0;
        } else {
            run.sinceBest++;
        }
        listener.epochEnded(record, better);
        run.stoppedEarly =
                options.patience() > 0 && run.sinceBest >= options.patience() && run.epoch < options.epochs();
        run.epoch++;
        run.stepInEpoch = 0;
        run.epochLossSum = 0;
        run.epochNanos = 0;
    }

    /** Saves where {@code run} is, {@code order} being the batch-order generator at the start of its epoch. */
    private void save(Run run, Rng.State order, AdamW optimizer) throws IOException {
        if (sink == null) {
            return;
        }
        run.lastCheckpoint = sink.save(new Checkpoint(
                run.epoch,
                run.stepInEpoch,
                run.stoppedEarly,
                order,
                randomStates(),
                trainableValues(),
                optimizer.exportState(),
                run.best,
                run.bestEpoch,
                run.sinceBest,
                run.steps,
                run.epochs,
                run.epochLossSum,
                run.epochNanos / 1e9));
    }

    /** Puts the model, the optimizer, the generators and {@code run} where {@code from} says. */
    private void restore(Checkpoint from, Path fromPath, Run run, AdamW optimizer, Rng order, int stepsPerEpoch) {
        String where = "checkpoint " + Objects.requireNonNullElse(fromPath, "(unnamed)");
        if (from.stepInEpoch() >= stepsPerEpoch) {
            throw new IllegalArgumentException(where + " is at step " + from.stepInEpoch() + " of epoch " + from.epoch()
                    + ", but an epoch of this data has " + stepsPerEpoch + " steps");
        }
        checkTensors(where, "trainable parameters", from.parameters());
        if (from.bestEpoch() > 0) {
            checkTensors(where, "best-epoch values", from.best());
        }
        Map<String, Stochastic> stochastic = stochasticModules();
        if (!stochastic.keySet().equals(from.randomStates().keySet())) {
            throw new IllegalArgumentException(where + " holds the generators of "
                    + from.randomStates().keySet() + ", but the model's random modules are " + stochastic.keySet());
        }
        try {
            optimizer.importState(from.optimizer());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
        restoreValues(from.parameters());
        stochastic.forEach(
                (path, module) -> module.restoreRandomState(from.randomStates().get(path)));
        order.restore(from.batchOrder());
        run.steps.addAll(from.steps());
        run.epochs.addAll(from.epochs());
        run.best = from.best();
        run.bestEpoch = from.bestEpoch();
        run.sinceBest = from.sinceBest();
        run.stoppedEarly = from.stoppedEarly();
        run.epoch = from.epoch();
        run.stepInEpoch = from.stepInEpoch();
        run.epochLossSum = from.epochLossSum();
        run.epochNanos = Math.round(from.epochSeconds() * 1e9);
        run.trainNanos = Math.round(from.trainSeconds() * 1e9);
        run.examples = from.steps().isEmpty() ? 0 : from.steps().getLast().examples();
        run.lastCheckpoint = fromPath;
    }

    /** Checks that {@code values} holds exactly the trainable parameters, each with its shape. */
    private void checkTensors(String where, String what, Map<String, Tensor> values) {
        Map<String, Parameter> named = model.namedParameters();
        List<String> trainable = named.entrySet().stream()
                .filter(e -> e.getValue().trainable())
                .map(Map.Entry::getKey)
                .toList();
        if (!values.keySet().equals(new HashSet<>(trainable))) {
            throw new IllegalArgumentException(
                    where + " holds the " + what + " " + values.keySet() + ", but the model trains " + trainable);
        }
        values.forEach((name, value) -> {
            int[] shape = named.get(name).value().shape();
            if (!Arrays.equals(shape, value.shape())) {
                throw new IllegalArgumentException(where + ": " + what + " '" + name + "' has shape "
                        + Arrays.toString(value.shape()) + ", but the model's is " + Arrays.toString(shape));
            }
        });
    }

    /** Higher accuracy wins; on a tie, lower loss. */
    private static boolean isBetter(Evaluation candidate, Evaluation incumbent) {
        if (candidate.accuracy() != incumbent.accuracy()) {
            return candidate.accuracy() > incumbent.accuracy();
        }
        return candidate.loss() < incumbent.loss();
    }

    /** The names of {@code parameters}, the model's trainable leaves, in their order. */
    private List<String> trainableNames(List<Variable> parameters) {
        Map<Variable, String> byLeaf = new IdentityHashMap<>();
        model.namedParameters().forEach((name, p) -> byLeaf.put(p.leaf(), name));
        return parameters.stream().map(byLeaf::get).toList();
    }

    /** The trainable parameters' current values (tensors are immutable, so holding them is a snapshot). */
    private Map<String, Tensor> trainableValues() {
        Map<String, Tensor> values = new LinkedHashMap<>();
        model.namedParameters().forEach((name, p) -> {
            if (p.trainable()) {
                values.put(name, p.value());
            }
        });
        return values;
    }

    private void restoreValues(Map<String, Tensor> values) {
        Map<String, Parameter> named = model.namedParameters();
        values.forEach((name, value) -> {
            Parameter parameter = named.get(name);
            parameter.setValue(value.to(parameter.value().device()));
        });
    }

    /** The modules that draw random numbers, by path. */
    private Map<String, Stochastic> stochasticModules() {
        Map<String, Stochastic> out = new LinkedHashMap<>();
        for (Map.Entry<String, Module> e : model.namedModules().entrySet()) {
            if (e.getValue() instanceof Stochastic s) {
                out.put(e.getKey(), s);
            }
        }
        return out;
    }

    private Map<String, Rng.State> randomStates() {
        Map<String, Rng.State> out = new LinkedHashMap<>();
        stochasticModules().forEach((path, module) -> out.put(path, module.randomState()));
        return out;
    }
}
