package dev.more.train;

/**
 * One epoch: its training loss and its evaluation.
 *
 * @param epoch the epoch, from 1
 * @param trainLoss the mean training loss over its steps
 * @param eval the evaluation at its end
 * @param trainSeconds the time its steps took
 * @param evalSeconds the time the evaluation took
 * @param learningRate the learning rate of its last step
 */
public record EpochRecord(
        int epoch, double trainLoss, Evaluation eval, double trainSeconds, double evalSeconds, double learningRate) {}
