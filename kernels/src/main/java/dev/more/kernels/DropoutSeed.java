package dev.more.kernels;

/**
 * One dropout mask, as {@link dev.more.kernels.cpu.DropoutMask} makes it: its seed and its drop probability. Kept elements
 * are scaled by {@link #keepScale()}, so the expected value is unchanged.
 *
 * @param seed the mask's seed
 * @param p the probability of dropping an element, in [0, 1]; 0 drops nothing
 */
public record DropoutSeed(int seed, float p) {
    /** No dropout. */
    public static final DropoutSeed NONE = new DropoutSeed(0, 0f);

    /** Validates p. */
    public DropoutSeed {
        if (!(p >= 0f && p <= 1f)) {
            throw new IllegalArgumentException("dropout probability " + p + " is not in [0, 1]");
        }
    }

    /** True when elements may be dropped. */
    public boolean active() {
        return p > 0f;
    }

    /** What kept elements are multiplied by: {@code 1/(1-p)}, or 0 when p is 1 (nothing is kept). */
    public float keepScale() {
        return p < 1f ? 1f / (1f - p) : 0f;
    }
}
