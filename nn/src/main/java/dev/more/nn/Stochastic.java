package dev.more.nn;

import dev.more.tensor.Rng;

/**
 * A module that draws random numbers in its forward pass (dropout masks) from a generator of its own.
 * A training checkpoint saves each such generator's state and a resumed run restores it, so the resumed
 * run draws the masks the uninterrupted one would have drawn.
 */
public interface Stochastic {
    /** The state of this module's generator now. */
    Rng.State randomState();

    /** Puts this module's generator in {@code state}, one {@link #randomState()} returned. */
    void restoreRandomState(Rng.State state);
}
