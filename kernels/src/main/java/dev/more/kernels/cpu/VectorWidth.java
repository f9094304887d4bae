package dev.more.kernels.cpu;

import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float species of the vectorised kernels. Loaded only when {@link Simd#enabled()}, so that a JVM
 * without the incubator module never resolves a Vector API class.
 */
final class VectorWidth {
    /** The species for the width {@link Simd} chose. */
    static final VectorSpecies<Float> FLOATS =
            VectorSpecies.of(float.class, VectorShape.forBitSize(Simd.bits()));

    private VectorWidth() {
    }
}
