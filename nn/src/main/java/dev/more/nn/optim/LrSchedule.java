package dev.more.nn.optim;

/**
 * A learning-rate schedule: the factor by which the base learning rate is multiplied for a step.
 * Step {@code s} is the optimizer step about to be taken, counting from 0, i.e. the optimizer's
 * {@link Optimizer#stepCount()} before it steps; this is how Hugging Face's {@code LambdaLR}-based
 * schedules count, so {@code multiplier(s)} is their {@code lr_lambda(s)}.
 */
@FunctionalInterface
public interface LrSchedule {
    /**
     * The learning-rate factor for step {@code step}.
     *
     * @throws IllegalArgumentException if {@code step} is negative
     */
    double multiplier(long step);

    /** Sets {@code optimizer}'s learning rate to {@code baseLearningRate * multiplier(step)}. */
    default void apply(Optimizer optimizer, double baseLearningRate, long step) {
        optimizer.setLearningRate(baseLearningRate * multiplier(step));
    }

    /** Always 1. */
    static LrSchedule constant() {
        return step -> {
            requireStep(step);
            return 1.0;
        };
    }

    /**
     * Hugging Face's {@code get_linear_schedule_with_warmup}: from 0 up to 1 over {@code warmupSteps}
     * ({@code step / warmupSteps}), then down to 0 at {@code totalSteps} and 0 after.
     *
     * @throws IllegalArgumentException if a count is negative
     */
    static LrSchedule linearWithWarmup(long warmupSteps, long totalSteps) {
        requireCounts(warmupSteps, totalSteps);
        return step -> {
            requireStep(step);
            if (step < warmupSteps) {
                return (double) step / Math.max(1, warmupSteps);
            }
            return Math.max(0.0, (double) (totalSteps - step) / Math.max(1, totalSteps - warmupSteps));
        };
    }

    /** {@link #cosineWithWarmup(long, long, double)} with half a cycle: from 1 down to 0 once. */
    static LrSchedule cosineWithWarmup(long warmupSteps, long totalSteps) {
        return cosineWithWarmup(warmupSteps, totalSteps, 0.5);
    }

    /**
     * Hugging Face's {@code get_cosine_schedule_with_warmup}: linear warmup as in
     * {@link #linearWithWarmup}, then {@code max(0, (1 + cos(pi * 2 * cycles * progress)) / 2)} with
     * {@code progress = (step - warmupSteps) / (totalSteps - warmupSteps)}. Like Hugging Face's, the
     * cosine does not stop at {@code totalSteps}: with half a cycle it climbs again past the end.
     *
     * @throws IllegalArgumentException if a count is negative or {@code cycles} is not finite
     */
    static LrSchedule cosineWithWarmup(long warmupSteps, long totalSteps, double cycles) {
        requireCounts(warmupSteps, totalSteps);
        if (!Double.isFinite(cycles)) {
            throw new IllegalArgumentException("cosine schedule: cycles must be finite, not " + cycles);
        }
        return step -> {
            requireStep(step);
            if (step < warmupSteps) {
                return (double) step / Math.max(1, warmupSteps);
            }
            double progress = (double) (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps);
            return Math.max(0.0, 0.5 * (1.0 + Math.cos(Math.PI * cycles * 2.0 * progress)));
        };
    }

    private static void requireCounts(long warmupSteps, long totalSteps) {
        if (warmupSteps < 0 || totalSteps < 0) {
            throw new IllegalArgumentException(
                    "schedule: warmup and total step counts must be >= 0, not " + warmupSteps + " and " + totalSteps);
        }
    }

    private static void requireStep(long step) {
        if (step < 0) {
            throw new IllegalArgumentException("schedule: step must be >= 0, not " + step);
        }
    }
}
