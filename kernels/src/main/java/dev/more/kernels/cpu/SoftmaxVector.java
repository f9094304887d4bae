package dev.more.kernels.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** Vectorised bodies of {@link Softmax}. */
final class SoftmaxVector {
    private static final VectorSpecies<Float> S = VectorWidth.FLOATS;

    private SoftmaxVector() {}

    /**
     * {@code dx = y · (dy - dot) · scale} over the whole vectors of a row, each product rounded as the
     * scalar path rounds it; returns where it stopped.
     */
    static int gradientRow(float[] y, int yi, float[] dy, int di, float dot, float scale, float[] dx, int oi, int n) {
        int bound = S.loopBound(n);
        for (int i = 0; i < bound; i += S.length()) {
            FloatVector.fromArray(S, y, yi + i)
                    .mul(FloatVector.fromArray(S, dy, di + i).sub(dot))
                    .mul(scale)
                    .intoArray(dx, oi + i);
        }
        return bound;
    }
}
