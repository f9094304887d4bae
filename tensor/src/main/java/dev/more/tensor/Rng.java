package dev.more.tensor;

import dev.more.kernels.cpu.Parallel;

/**
 * A seeded random number generator, passed explicitly wherever randomness is used so that a seed
 * makes a run repeatable. It is the SplitMix64 generator of {@link java.util.SplittableRandom}, whose
 * algorithm the JDK specifies, written out here so that its state can be saved in a checkpoint and
 * restored ({@link #state()}, {@link #restore}); it draws exactly the numbers {@code SplittableRandom}
 * draws from the same seed, split for split. Gaussians come from a Box–Muller transform of its own, so
 * the streams do not change with the JDK version.
 */
public final class Rng {
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private long seed;
    private long gamma;
    private double spareGaussian = Double.NaN;

    /**
     * Everything that decides a generator's future draws.
     *
     * @param seed the SplitMix64 counter
     * @param gamma the odd increment added to the counter at each draw
     * @param spareGaussian the second value of the last Box–Muller pair, not yet returned, or NaN
     */
    public record State(long seed, long gamma, double spareGaussian) {
        /** Checks that {@code gamma} is odd, as every SplitMix64 increment is. */
        public State {
            if ((gamma & 1) == 0) {
                throw new IllegalArgumentException("Rng state: gamma " + Long.toHexString(gamma) + " is even");
            }
        }
    }

    /** A generator whose stream is fixed by {@code seed}. */
    public Rng(long seed) {
        this(seed, GOLDEN_GAMMA);
    }

    private Rng(long seed, long gamma) {
        this.seed = seed;
        this.gamma = gamma;
    }

    /** An independent generator, e.g. one per worker or per module, derived from this one. */
    public Rng split() {
        return new Rng(nextLong(), mixGamma(nextSeed()));
    }

    /** This generator's state: restoring it later makes the generator draw the same numbers again. */
    public State state() {
        return new State(seed, gamma, spareGaussian);
    }

    /** Puts this generator in {@code state}, e.g. one read from a checkpoint. */
    public void restore(State state) {
        seed = state.seed();
        gamma = state.gamma();
        spareGaussian = state.spareGaussian();
    }

    /** Uniform in [0, 1). */
    public float nextFloat() {
        return (nextInt() >>> 8) * 0x1.0p-24f;
    }

    /** Uniform integer in [0, bound), as {@code SplittableRandom.nextInt(bound)} draws it. */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, not " + bound);
        }
        int m = bound - 1;
        int r = nextInt();
        if ((bound & m) == 0) {
            return r & m;
        }
        // Rejects the candidates that would make small results more likely than large ones.
        int u = r >>> 1;
        while (u + m - (r = u % bound) < 0) {
            u = nextInt() >>> 1;
        }
        return r;
    }

    /** Standard normal. */
    public double nextGaussian() {
        if (!Double.isNaN(spareGaussian)) {
            double g = spareGaussian;
            spareGaussian = Double.NaN;
            return g;
        }
        double u1 = 1.0 - nextDouble(); // in (0, 1]: log stays finite
        double u2 = nextDouble();
        double radius = Math.sqrt(-2.0 * Math.log(u1));
        spareGaussian = radius * Math.sin(2 * Math.PI * u2);
        return radius * Math.cos(2 * Math.PI * u2);
    }

    /**
     * Fills {@code out} with the values that {@code out.length} calls of {@code (float) nextGaussian()}
     * would give, leaving this generator where they would. Each Box–Muller pair depends only on its place
     * in the stream (SplitMix64's draw n is a function of the counter plus n increments), so the pairs are
     * made on every thread: a model's random initialisation, 35 million normals for MiniLM, took a second.
     */
    public void fillGaussian(float[] out) {
        int start = 0;
        if (out.length > 0 && !Double.isNaN(spareGaussian)) {
            out[0] = (float) nextGaussian();
            start = 1;
        }
        int pairs = (out.length - start) / 2;
        long counter = seed;
        long step = gamma;
        int first = start;
        Parallel.forRange(pairs, Parallel.MIN_TASK_ELEMENTS / 16, (from, to) -> {
            for (int p = from; p < to; p++) {
                long drawn = counter + 2L * p * step;
                double u1 = 1.0 - toDouble(mix64(drawn + step));
                double u2 = toDouble(mix64(drawn + 2 * step));
                double radius = Math.sqrt(-2.0 * Math.log(u1));
                out[first + 2 * p] = (float) (radius * Math.cos(2 * Math.PI * u2));
                out[first + 2 * p + 1] = (float) (radius * Math.sin(2 * Math.PI * u2));
            }
        });
        seed = counter + 2L * pairs * step;
        if (first + 2 * pairs < out.length) {
            out[out.length - 1] = (float) nextGaussian();
        }
    }

    private double nextDouble() {
        return toDouble(nextLong());
    }

    private static double toDouble(long bits) {
        return (bits >>> 11) * 0x1.0p-53;
    }

    private int nextInt() {
        long z = nextSeed();
        z = (z ^ (z >>> 33)) * 0x62a9d9ed799705f5L;
        return (int) (((z ^ (z >>> 28)) * 0xcb24d0a5c88c35b3L) >>> 32);
    }

    private long nextLong() {
        return mix64(nextSeed());
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private long nextSeed() {
        return seed += gamma;
    }

    private static long mixGamma(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        z = (z ^ (z >>> 33)) | 1L;
        int transitions = Long.bitCount(z ^ (z >>> 1));
        return transitions < 24 ? z ^ 0xaaaaaaaaaaaaaaaaL : z;
    }
}
