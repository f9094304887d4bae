package dev.more.nn.optim;

/**
 * Hyperparameters of {@link AdamW}, with PyTorch's meanings, defaults and checks
 * ({@code torch.optim.AdamW}).
 *
 * @param learningRate the initial learning rate
 * @param beta1 the decay of the running mean of gradients, in [0, 1)
 * @param beta2 the decay of the running mean of squared gradients, in [0, 1)
 * @param eps added to the denominator for numerical stability
 * @param weightDecay the decoupled weight decay: each step first scales parameters by {@code 1 - lr * weightDecay}
 */
public record AdamWOptions(double learningRate, double beta1, double beta2, double eps, double weightDecay) {
    /** Checks every value as PyTorch does, with a message naming the bad one. */
    public AdamWOptions {
        requireNonNegative("learning rate", learningRate);
        requireNonNegative("eps", eps);
        requireNonNegative("weight decay", weightDecay);
        requireBeta("beta1", beta1);
        requireBeta("beta2", beta2);
    }

    private static void requireNonNegative(String what, double value) {
        if (!(value >= 0 && Double.isFinite(value))) {
            throw new IllegalArgumentException("AdamW: " + what + " must be finite and >= 0, not " + value);
        }
    }

    private static void requireBeta(String what, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException("AdamW: " + what + " must be in [0, 1), not " + value);
        }
    }

    /** PyTorch's defaults: learning rate 1e-3, betas (0.9, 0.999), eps 1e-8, weight decay 1e-2. */
    public static AdamWOptions defaults() {
        return new AdamWOptions(1e-3, 0.9, 0.999, 1e-8, 1e-2);
    }

    /** These options with {@code learningRate}. */
    public AdamWOptions withLearningRate(double learningRate) {
        return new AdamWOptions(learningRate, beta1, beta2, eps, weightDecay);
    }

    /** These options with {@code beta1} and {@code beta2}. */
    public AdamWOptions withBetas(double beta1, double beta2) {
        return new AdamWOptions(learningRate, beta1, beta2, eps, weightDecay);
    }

    /** These options with {@code eps}. */
    public AdamWOptions withEps(double eps) {
        return new AdamWOptions(learningRate, beta1, beta2, eps, weightDecay);
    }

    /** These options with {@code weightDecay}. */
    public AdamWOptions withWeightDecay(double weightDecay) {
        return new AdamWOptions(learningRate, beta1, beta2, eps, weightDecay);
    }
}
