package dev.more.nn.layers;

import dev.more.autograd.Variable;
import dev.more.kernels.DropoutSeed;
import dev.more.nn.Module;
import dev.more.nn.Stochastic;
import dev.more.nn.UnaryModule;
import dev.more.tensor.Rng;

/**
 * Inverted dropout, as {@code torch.nn.Dropout}: in training mode each element is zeroed with
 * probability {@code p} and the survivors are scaled by {@code 1/(1-p)}, so the expected value is
 * unchanged; in evaluation mode (or with {@code p = 0}) it is the identity. Masks come from this
 * layer's own {@link Rng}, so a seed fixes them, and a checkpoint can save and restore where that
 * generator is ({@link Stochastic}).
 */
public final class Dropout extends Module implements UnaryModule, Stochastic {
    private final float p;
    private final Rng rng;

    /** Drops with probability {@code p} in [0, 1], drawing masks from {@code rng}. */
    public Dropout(float p, Rng rng) {
        if (!(p >= 0f && p <= 1f)) {
            throw new IllegalArgumentException("Dropout: probability " + p + " is not in [0, 1]");
        }
        this.p = p;
        this.rng = rng;
    }

    @Override
    public Variable forward(Variable input) {
        DropoutSeed mask = nextMask();
        if (!mask.active()) {
            return input;
        }
        if (mask.p() == 1f) {
            return input.mul(0f);
        }
        return input.dropout(mask.seed(), mask.p());
    }

    /**
     * The mask this layer's next application uses, for {@link #forward} and for fused ops that apply
     * the dropout themselves (attention on its probabilities): {@link DropoutSeed#NONE} in evaluation
     * mode or with p 0, else a seed drawn from this layer's generator. One draw seeds the whole mask (see
     * {@code DropoutMask}): a draw per element took a tenth of a fine-tuning step. The mask is never
     * stored: the forward and backward passes make it from the seed.
     */
    public DropoutSeed nextMask() {
        if (!active()) {
            return DropoutSeed.NONE;
        }
        return new DropoutSeed(p == 1f ? 0 : rng.nextInt(Integer.MAX_VALUE), p);
    }

    @Override
    public Rng.State randomState() {
        return rng.state();
    }

    @Override
    public void restoreRandomState(Rng.State state) {
        rng.restore(state);
    }

    /** True when {@link #forward} would drop elements: in training mode with p above 0. */
    public boolean active() {
        return isTraining() && p > 0f;
    }

    /** The drop probability. */
    public float p() {
        return p;
    }
}
