package dev.more.train;

import java.util.Objects;

/**
 * How to train.
 *
 * @param epochs passes over the training data, at least 1
 * @param learningRate AdamW's peak learning rate
 * @param batchSize examples per step
 * @param maxLength tokens per example at most (longer ones are truncated), special tokens included
 * @param seed fixes the batch order, dropout and adapter init
 * @param warmupRatio the fraction of all steps spent warming the learning rate up from 0, in [0, 1)
 * @param schedule the decay after warmup
 * @param weightDecay AdamW's decoupled weight decay
 * @param maxGradNorm gradients are clipped to this global L2 norm
 * @param patience stop after this many epochs without a better evaluation; 0 never stops early
 * @param bucketBatches batches per length bucket when shuffling (see {@link dev.more.train.data.Batcher})
 */
public record TrainingOptions(
        int epochs,
        double learningRate,
        int batchSize,
        int maxLength,
        long seed,
        double warmupRatio,
        Schedule schedule,
        double weightDecay,
        double maxGradNorm,
        int patience,
        int bucketBatches) {
    /** Checks every value, naming the bad one. */
    public TrainingOptions {
        positive("epochs", epochs);
        positive("batch size", batchSize);
        positive("batches per bucket", bucketBatches);
        if (maxLength < 3) {
            throw new IllegalArgumentException(
                    "max length must be at least 3 (two special tokens and one more), not " + maxLength);
        }
        if (!(learningRate > 0 && Double.isFinite(learningRate))) {
            throw new IllegalArgumentException("learning rate must be a positive number, not " + learningRate);
        }
        if (!(warmupRatio >= 0 && warmupRatio < 1)) {
            throw new IllegalArgumentException("warmup ratio must be in [0, 1), not " + warmupRatio);
        }
        Objects.requireNonNull(schedule, "schedule");
        if (!(weightDecay >= 0 && Double.isFinite(weightDecay))) {
            throw new IllegalArgumentException("weight decay must be >= 0, not " + weightDecay);
        }
        if (!(maxGradNorm > 0 && Double.isFinite(maxGradNorm))) {
            throw new IllegalArgumentException("max gradient norm must be positive, not " + maxGradNorm);
        }
        if (patience < 0) {
            throw new IllegalArgumentException("patience must be >= 0, not " + patience);
        }
    }

    private static void positive(String what, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(what + " must be at least 1, not " + value);
        }
    }

    /**
     * Defaults: 3 epochs at {@code learningRate}, batch 16, 128 tokens, seed 42, 10% warmup, cosine decay,
     * weight decay 0.01, clipping at 1.0, patience 2, buckets of 8 batches.
     */
    public static TrainingOptions defaults(double learningRate) {
        return new TrainingOptions(3, learningRate, 16, 128, 42, 0.1, Schedule.COSINE, 0.01, 1.0, 2, 8);
    }

    /** These options with {@code epochs}. */
    public TrainingOptions withEpochs(int epochs) {
        return new TrainingOptions(
                epochs,
                learningRate,
                batchSize,
                maxLength,
                seed,
                warmupRatio,
                schedule,
                weightDecay,
                maxGradNorm,
                patience,
                bucketBatches);
    }

    /** These options with {@code learningRate}. */
    public TrainingOptions withLearningRate(double learningRate) {
        return new TrainingOptions(
                epochs,
                learningRate,
                batchSize,
                maxLength,
                seed,
                warmupRatio,
                schedule,
                weightDecay,
                maxGradNorm,
                patience,
                bucketBatches);
    }

    /** These options with {@code batchSize}. */
    public TrainingOptions withBatchSize(int batchSize) {
        return new TrainingOptions(
                epochs,
                learningRate,
                batchSize,
                maxLength,
                seed,
                warmupRatio,
                schedule,
                weightDecay,
                maxGradNorm,
                patience,
                bucketBatches);
    }

    /** These options with {@code maxLength}. */
    public TrainingOptions withMaxLength(int maxLength) {
        return new TrainingOptions(
                epochs,
                learningRate,
                batchSize,
                maxLength,
                seed,
                warmupRatio,
                schedule,
                weightDecay,
                maxGradNorm,
                patience,
                bucketBatches);
    }

    /** These options with {@code seed}. */
    public TrainingOptions withSeed(long seed) {
        return new TrainingOptions(
                epochs,
                learningRate,
                batchSize,
                maxLength,
                seed,
                warmupRatio,
                schedule,
                weightDecay,
                maxGradNorm,
                patience,
                bucketBatches);
    }

    /** These options with {@code schedule} and {@code warmupRatio}. */
    public TrainingOptions withSchedule(Schedule schedule, double warmupRatio) {
        return new TrainingOptions(
                epochs,
                learningRate,
                batchSize,
                maxLength,
                seed,
                warmupRatio,
                schedule,
                weightDecay,
                maxGradNorm,
                patience,
                bucketBatches);
    }

    /** These options with {@code patience}. */
    public TrainingOptions withPatience(int patience) {
        return new TrainingOptions(
                epochs,
                learningRate,
                batchSize,
                maxLength,
                seed,
                warmupRatio,
                schedule,
                weightDecay,
                maxGradNorm,
                patience,
                bucketBatches);
    }
}
