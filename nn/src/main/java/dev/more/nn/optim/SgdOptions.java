package dev.more.nn.optim;

/**
 * Hyperparameters of {@link Sgd}, with PyTorch's meanings and checks ({@code torch.optim.SGD}).
 *
 * @param learningRate the initial learning rate
 * @param momentum the momentum factor; 0 turns momentum off
 * @param dampening how much of each new gradient the momentum buffer takes in, {@code 1 - dampening}
 * @param nesterov Nesterov momentum (needs momentum > 0 and dampening 0)
 * @param weightDecay the L2 penalty added to the gradient, {@code grad + weightDecay * param}
 */
public record SgdOptions(double learningRate, double momentum, double dampening, boolean nesterov, double weightDecay) {
    /** Checks every value as PyTorch does, with a message naming the bad one. */
    public SgdOptions {
        requireNonNegative("learning rate", learningRate);
        requireNonNegative("momentum", momentum);
        requireNonNegative("weight decay", weightDecay);
        if (!Double.isFinite(dampening)) {
            throw new IllegalArgumentException("Sgd: dampening must be finite, not " + dampening);
        }
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new IllegalArgumentException("Sgd: Nesterov momentum needs momentum > 0 and dampening 0, not "
                    + "momentum " + momentum + " and dampening " + dampening);
        }
    }

    private static void requireNonNegative(String what, double value) {
        if (!(value >= 0 && Double.isFinite(value))) {
            throw new IllegalArgumentException("Sgd: " + what + " must be finite and >= 0, not " + value);
        }
    }

    /** Plain gradient descent at {@code learningRate}: no momentum, no weight decay. */
    public static SgdOptions of(double learningRate) {
        return new SgdOptions(learningRate, 0, 0, false, 0);
    }

    /** These options with {@code momentum}. */
    public SgdOptions withMomentum(double momentum) {
        return new SgdOptions(learningRate, momentum, dampening, nesterov, weightDecay);
    }

    /** These options with {@code dampening}. */
    public SgdOptions withDampening(double dampening) {
        return new SgdOptions(learningRate, momentum, dampening, nesterov, weightDecay);
    }

    /** These options with Nesterov momentum on or off. */
    public SgdOptions withNesterov(boolean nesterov) {
        return new SgdOptions(learningRate, momentum, dampening, nesterov, weightDecay);
    }

    /** These options with {@code weightDecay}. */
    public SgdOptions withWeightDecay(double weightDecay) {
        return new SgdOptions(learningRate, momentum, dampening, nesterov, weightDecay);
    }
}
