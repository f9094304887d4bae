package dev.more.train;

/**
 * One optimizer step.
 *
 * @param step the step's number, from 1
 * @param epoch the epoch, from 1
 * @param stepInEpoch the step's number within its epoch, from 1
 * @param loss the batch's mean training loss
 * @param learningRate the learning rate the step used
 * @param gradNorm the global gradient norm before clipping
 * @param examples examples seen so far, this step's included
 * @param seconds training time so far (evaluation excluded)
 */
public record StepRecord(
        int step,
        int epoch,
        int stepInEpoch,
        float loss,
        double learningRate,
        float gradNorm,
        long examples,
        double seconds) {}
