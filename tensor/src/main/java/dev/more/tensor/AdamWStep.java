package dev.more.tensor;

/**
 * The scalars of one AdamW step for {@link OptimizerOps#adamW}, computed by the optimizer in double
 * and rounded to float as its tensor arithmetic would round them.
 *
 * @param decay {@code 1 - lr * weightDecay}
 * @param beta1 the first moment's decay
 * @param oneMinusBeta1 {@code 1 - beta1}
 * @param beta2 the second moment's decay
 * @param oneMinusBeta2 {@code 1 - beta2}
 * @param negStepSize {@code -lr / (1 - beta1^t)}
 * @param sqrtCorrection2 {@code sqrt(1 - beta2^t)}
 * @param eps added to the denominator
 */
public record AdamWStep(
        float decay,
        float beta1,
        float oneMinusBeta1,
        float beta2,
        float oneMinusBeta2,
        float negStepSize,
        float sqrtCorrection2,
        float eps) {}
