package dev.more.kernels.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Vectorised bodies of {@link Reductions}: accumulate in lanes, reduce across lanes once. */
final class ReductionsVector {
    private static final VectorSpecies<Float> S = VectorWidth.FLOATS;

    private ReductionsVector() {}

    static float sum(float[] x, int off, int n) {
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            acc = acc.add(FloatVector.fromArray(S, x, off + i));
        }
        float s = VectorWidth.sumLanes(acc);
        for (; i < n; i++) {
            s += x[off + i];
        }
        return s;
    }

    /** {@code Σ a[ai + i] · b[bi + i]}: products summed in lanes, the lanes by {@link VectorWidth#sumLanes}, then the tail. */
    static float dot(float[] a, int ai, float[] b, int bi, int n) {
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            acc = FloatVector.fromArray(S, a, ai + i)
                    .mul(FloatVector.fromArray(S, b, bi + i))
                    .add(acc);
        }
        float s = VectorWidth.sumLanes(acc);
        for (; i < n; i++) {
            s += a[ai + i] * b[bi + i];
        }
        return s;
    }

    static float max(float[] x, int off, int n) {
        FloatVector acc = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            acc = acc.max(FloatVector.fromArray(S, x, off + i));
        }
        float m = acc.reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) {
            m = Math.max(m, x[off + i]);
        }
        return m;
    }

    /** sum of (x[i] - mean)^2, for the variance. */
    static float sumSquaredDeviation(float[] x, int off, int n, float mean) {
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector d = FloatVector.fromArray(S, x, off + i).sub(mean);
            acc = d.fma(d, acc);
        }
        float s = VectorWidth.sumLanes(acc);
        for (; i < n; i++) {
            float d = x[off + i] - mean;
            s += d * d;
        }
        return s;
    }

    /** {@code acc[i] += x[i]} (or max) for the whole vectors of a row; returns how many it did. */
    static int accumulateRow(boolean sum, float[] x, int xi, float[] acc, int ai, int n) {
        int bound = S.loopBound(n);
        for (int i = 0; i < bound; i += S.length()) {
            FloatVector a = FloatVector.fromArray(S, acc, ai + i);
            FloatVector v = FloatVector.fromArray(S, x, xi + i);
            (sum ? a.add(v) : a.max(v)).intoArray(acc, ai + i);
        }
        return bound;
    }
}
