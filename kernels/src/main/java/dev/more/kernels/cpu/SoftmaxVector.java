package dev.more.kernels.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
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

    /**
     * {@code out[i] = exp(x[i] - shift)} with {@link VectorMath#exp}'s bits, for a shift no smaller than any
     * x (a softmax row's largest value); returns the sum, the lanes by {@link VectorWidth#sumLanes}.
     */
    static float expShifted(float[] x, int off, int n, float shift, float[] out, int outOff) {
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector e = VectorMath.expNonPositive(
                    FloatVector.fromArray(S, x, off + i).sub(shift));
            e.intoArray(out, outOff + i);
            acc = acc.add(e);
        }
        float s = VectorWidth.sumLanes(acc);
        for (; i < n; i++) {
            float e = VectorMath.exp(x[off + i] - shift);
            out[outOff + i] = e;
            s += e;
        }
        return s;
    }

    /**
     * {@code out = x·scale + mask} over the whole vectors of a row ({@code mask} null for none), rounded as
     * the product and the sum are when taken one after another, and the largest of them (negative
     * infinity when the row has no whole vector). One pass for what two generic elementwise calls and a
     * max pass did, which cost an attention head's 128-wide rows more than their exponentials.
     */
    static float scaleMaskAndMax(float[] x, int xi, int n, float scale, float[] mask, int mi, float[] out, int oi) {
        int bound = S.loopBound(n);
        FloatVector max = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        if (mask == null) {
            for (int i = 0; i < bound; i += S.length()) {
                FloatVector v = FloatVector.fromArray(S, x, xi + i).mul(scale);
                v.intoArray(out, oi + i);
                max = max.max(v);
            }
        } else {
            for (int i = 0; i < bound; i += S.length()) {
                FloatVector v =
                        FloatVector.fromArray(S, x, xi + i).mul(scale).add(FloatVector.fromArray(S, mask, mi + i));
                v.intoArray(out, oi + i);
                max = max.max(v);
            }
        }
        return max.reduceLanes(VectorOperators.MAX);
    }

    /** How many of a row's n elements lie in whole vectors: those the methods here do. */
    static int wholeVectors(int n) {
        return S.loopBound(n);
    }

    /** {@code x[i] *= factor} over the whole vectors of a row; returns how many elements it did. */
    static int scaleInPlace(float[] x, int off, int n, float factor) {
        int bound = S.loopBound(n);
        for (int i = 0; i < bound; i += S.length()) {
            FloatVector.fromArray(S, x, off + i).mul(factor).intoArray(x, off + i);
        }
        return bound;
    }
}
