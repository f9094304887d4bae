package dev.more.kernels.cpu;

import jdk.incubator.vector.VectorShape;
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
    static final VectorSpecies<Float> FLOATS =
            VectorSpecies.of(float.class, VectorShape.forBitSize(Simd.bits()));

    private VectorWidth() {
    }

    /**
     * The sum of stored lanes, added in lane order: {@code reduceLanes(ADD)} may add in another order
     * once the JIT compiles it, so its bits could change during a run, and a seed must fix every bit.
     * Callers store the vector first ({@code v.intoArray(lanes, 0)}): a vector passed to a method the
     * JIT does not inline is boxed, and the Vector API then runs its slow generic code.
     */
    static float sumInOrder(float[] lanes) {
        float s = 0f;
        for (float lane : lanes) {
            s += lane;
        }
        return s;
    }

    /** A scratch array of one vector's lanes. */
    static float[] lanes() {
        return new float[FLOATS.length()];
    }
}
