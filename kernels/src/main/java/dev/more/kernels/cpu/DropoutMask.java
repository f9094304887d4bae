package dev.more.kernels.cpu;

/**
 * Inverted-dropout masks from a counter-based hash: element i keeps its value, scaled by
 * {@code scale}, when {@code u_i >= p}, where {@code u_i} is the top 24 bits of
 * {@code hash(seed + i·0x9E3779B9)} as a float in [0, 1). The hash is the "lowbias32" integer
 * finalizer (xor-shift, multiply, xor-shift, multiply, xor-shift), whose 32-bit lane operations are
 * exact, so the vector path equals its scalar twin bit for bit and a mask depends only on the seed,
 * never on thread count or vector width. One draw from the caller's generator seeds a whole mask,
 * which lets the masks be made a vector at a time instead of one generator call per element.
 */
public final class DropoutMask {
    static final int GOLDEN = 0x9E3779B9;
    static final int MULTIPLIER_1 = 0x7FEB352D;
    static final int MULTIPLIER_2 = 0x846CA68B;
    static final float INV_2_24 = 0x1.0p-24f;

    private DropoutMask() {}

    /** Fills {@code mask} with {@code scale} (kept) or 0 (dropped), each dropped with probability {@code p}. */
    public static void fill(float[] mask, int seed, float p, float scale) {
        boolean simd = Simd.enabled();
        Parallel.forRange(mask.length, Parallel.MIN_TASK_ELEMENTS, (from, to) -> {
            int done = simd ? DropoutMaskVector.fill(mask, from, to, seed, p, scale) : from;
            fillScalar(mask, done, to, seed, p, scale);
        });
    }

    /**
     * Dropout without a mask: {@code out[outOff + i] = x[xOff + i] · mask_i} for i in [0, n), where
     * {@code mask_i} is element i of the mask {@link #fill} makes from the same seed: the same bits as
     * multiplying by that mask, without writing it, and the backward pass applies it to the gradient
     * from the seed alone.
     */
    public static void apply(float[] x, int xOff, float[] out, int outOff, int n, int seed, float p, float scale) {
        boolean simd = Simd.enabled();
        Parallel.forRange(
                n,
                Parallel.MIN_TASK_ELEMENTS,
                (from, to) -> applyRange(x, xOff, out, outOff, from, to, seed, p, scale, simd));
    }

    /**
     * {@link #apply} for mask elements [from, to) on one thread: {@code out[outOff + i] = x[xOff + i] · mask_i}.
     * A kernel that holds one slice of a larger tensor passes the slice's element range and offsets
     * shifted back by its start, so the slice gets the same mask elements as the whole would.
     */
    static void applyRange(
            float[] x,
            int xOff,
            float[] out,
            int outOff,
            int from,
            int to,
            int seed,
            float p,
            float scale,
            boolean simd) {
        int done = simd ? DropoutMaskVector.apply(x, xOff, out, outOff, from, to, seed, p, scale) : from;
        applyScalar(x, xOff, out, outOff, done, to, seed, p, scale);
    }

    /** The scalar twin of {@link #apply}, for elements [from, to). */
    static void applyScalar(
            float[] x, int xOff, float[] out, int outOff, int from, int to, int seed, float p, float scale) {
        for (int i = from; i < to; i++) {
            out[outOff + i] = x[xOff + i] * (uniform(seed + i * GOLDEN) >= p ? scale : 0f);
        }
    }

    /** The scalar twin of {@link #fill}, for elements [from, to). */
    static void fillScalar(float[] mask, int from, int to, int seed, float p, float scale) {
        for (int i = from; i < to; i++) {
            mask[i] = uniform(seed + i * GOLDEN) >= p ? scale : 0f;
        }
    }

    /** The uniform in [0, 1) that counter value {@code x} gives. */
    static float uniform(int x) {
        x ^= x >>> 16;
        x *= MULTIPLIER_1;
        x ^= x >>> 15;
        x *= MULTIPLIER_2;
        x ^= x >>> 16;
        return (x >>> 8) * INV_2_24;
    }
}
