package dev.more.train;

import dev.more.autograd.Variable;
import dev.more.nn.Parameter;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fine-tunes a sequence classifier's trainable parameters (whatever is not frozen: adapters, the head,
 * or everything) with AdamW under a warmup-then-decay schedule, clipping gradients by their global
 * norm. After each epoch it evaluates; the best epoch (highest accuracy, then lowest evaluation loss)
 * is kept in memory and put back at the end, and training stops early when {@code patience} epochs
 * pass without a better one. A step whose gradient norm is not finite is skipped; a loss that is not
 * finite ends training with an error.
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

    /** A trainer of {@code model} padding batches with {@code padId}, reporting to {@code listener}. */
    public Trainer(BertForSequenceClassification model, TrainingOptions options, int padId, TrainingListener listener) {
        this.model = model;
        this.options = options;
        this.padId = padId;
        this.listener = listener;
    }

    /**
     * Trains on {@code train}, evaluating on {@code eval} after each epoch.
     *
     * @throws IllegalStateException if no parameter is trainable, or the loss stops being finite
     * @throws IOException if the listener fails to write a checkpoint
     */
    public TrainingResult fit(List<EncodedExample> train, List<EncodedExample> eval) throws IOException {
        List<Variable> parameters = model.trainableParameters();
        if (parameters.isEmpty()) {
            throw new IllegalStateException("nothing to train: every parameter of the model is frozen");
        }
        if (train.isEmpty() || eval.isEmpty()) {
            throw new IllegalArgumentException("training needs examples to train on and to evaluate on");
        }
        AdamW optimizer = new AdamW(parameters, AdamWOptions.defaults()
                .withLearningRate(options.learningRate()).withWeightDecay(options.weightDecay()));
        Batcher batcher = new Batcher(options.batchSize(), padId, options.bucketBatches());
        int stepsPerEpoch = batcher.batchesPerEpoch(train.size());
        int totalSteps = options.epochs() * stepsPerEpoch;
        LrSchedule schedule = options.schedule().over(Math.round(options.warmupRatio() * totalSteps), totalSteps);
        Rng order = new Rng(options.seed());
        Evaluator evaluator = new Evaluator(model, options.batchSize(), padId);
        CrossEntropyLoss lossFunction = CrossEntropyLoss.standard();

        List<StepRecord> steps = new ArrayList<>();
        List<EpochRecord> epochs = new ArrayList<>();
        Map<String, Tensor> best = null;
        int bestEpoch = 0;
        int sinceBest = 0;
        int skipped = 0;
        long examples = 0;
        long trainNanos = 0;
        boolean stoppedEarly = false;
        listener.started(options.epochs(), stepsPerEpoch, totalSteps);
        for (int epoch = 1; epoch <= options.epochs(); epoch++) {
            model.train(true);
            double lossSum = 0;
            long epochNanos = 0;
            int inEpoch = 0;
            for (Batch batch : batcher.shuffled(train, order)) {
                long start = System.nanoTime();
                double learningRate = options.learningRate() * schedule.multiplier(steps.size());
                optimizer.setLearningRate(learningRate);
                Variable loss = lossFunction.compute(
                        model.forward(batch.ids(), batch.attentionMask(), batch.tokenTypeIds()), batch.labels());
                float lossValue = loss.value().item();
                if (!Float.isFinite(lossValue)) {
                    throw new IllegalStateException("training diverged at step " + (steps.size() + 1) + ": the loss is "
                            + lossValue + "; try a lower learning rate");
                }
                loss.backward();
                float norm = GradientClipping.clipByGlobalNorm(parameters, options.maxGradNorm());
                if (Float.isFinite(norm)) {
                    optimizer.step();
                } else {
                    skipped++;
                }
                optimizer.zeroGrad();
                long took = System.nanoTime() - start;
                epochNanos += took;
                trainNanos += took;
                examples += batch.size();
                lossSum += lossValue;
                inEpoch++;
                StepRecord record = new StepRecord(steps.size() + 1, epoch, inEpoch, lossValue, learningRate, norm,
                        examples, trainNanos / 1e9);
                steps.add(record);
                listener.step(record);
            }
            long evalStart = System.nanoTime();
            Evaluation evaluation = evaluator.evaluate(eval);
            EpochRecord record = new EpochRecord(epoch, lossSum / inEpoch, evaluation, epochNanos / 1e9,
                    (System.nanoTime() - evalStart) / 1e9, optimizer.learningRate());
            epochs.add(record);
            boolean better = best == null || isBetter(evaluation, epochs.get(bestEpoch - 1).eval());
            if (better) {
                best = trainableValues();
                bestEpoch = epoch;
                sinceBest = 0;
            } else {
                sinceBest++;
            }
            listener.epochEnded(record, better);
            if (options.patience() > 0 && sinceBest >= options.patience() && epoch < options.epochs()) {
                stoppedEarly = true;
                break;
            }
        }
        restore(best);
        return new TrainingResult(steps, epochs, bestEpoch, stoppedEarly, trainNanos / 1e9, skipped);
    }

    /** Higher accuracy wins; on a tie, lower loss. */
    private static boolean isBetter(Evaluation candidate, Evaluation incumbent) {
        if (candidate.accuracy() != incumbent.accuracy()) {
            return candidate.accuracy() > incumbent.accuracy();
        }
        return candidate.loss() < incumbent.loss();
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

    private void restore(Map<String, Tensor> values) {
        Map<String, Parameter> named = model.namedParameters();
        values.forEach((name, value) -> named.get(name).setValue(value));
    }
}
