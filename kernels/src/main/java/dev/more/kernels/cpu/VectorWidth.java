package dev.more.kernels.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float species of the vectorised kernels. Loaded only when {@link Simd#enabled()}, so that a JVM
 * without the incubator module never resolves a Vector API class.
 *
 * <p>Vectorised kernels use only lane operations whose IEEE result is exact and the same compiled or
 * not (add, sub, mul, div, fma, sqrt, min, max, compare). The Vector API's transcendental functions
 * (EXP, LOG, TANH, POW) give different bits before and after the JIT intrinsifies them, so kernels
 * compute those with {@link Math}, whose interpreted and compiled forms agree.
 */
final class VectorWidth {
    /** The species for the width {@link Simd} chose. */
    static final VectorSpecies<Float> FLOATS = VectorSpecies.of(float.class, VectorShape.forBitSize(Simd.bits()));

    private VectorWidth() {}

    /**
     * The sum of a vector's lanes by a fixed tree: each lane adds the lane half the width away, then a
     * quarter, and so on, so lane 0 ends with the total. {@code reduceLanes(ADD)} may add in another order
     * once the JIT compiles it, so its bits could change during a run, and a seed must fix every bit;
     * these lane additions and shuffles are exact in any form. (Storing the lanes and adding them in order
     * took a serial chain of 16 additions and an allocation per call, more than a 128-float row's own loop.)
     */
    static float sumLanes(FloatVector v) {
        if (L >= 16) {
            v = v.add(v.rearrange(SWAP_8));
        }
        if (L >= 8) {
            v = v.add(v.rearrange(SWAP_4));
        }
        if (L >= 4) {
            v = v.add(v.rearrange(SWAP_2));
        }
        if (L >= 2) {
            v = v.add(v.rearrange(SWAP_1));
        }
        return v.lane(0);
    }

    private static final int L = FLOATS.length();
    private static final VectorShuffle<Float> SWAP_8 = swap(8);
    private static final VectorShuffle<Float> SWAP_4 = swap(4);
    private static final VectorShuffle<Float> SWAP_2 = swap(2);
    private static final VectorShuffle<Float> SWAP_1 = swap(1);

    /** Lane i takes lane {@code i xor distance}; null when the vector has no lane that far. */
    private static VectorShuffle<Float> swap(int distance) {
        return distance < L ? VectorShuffle.fromOp(FLOATS, i -> i ^ distance) : null;
    }
}
