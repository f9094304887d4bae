package dev.more.kernels.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** Vectorised row kernels of {@link Gemm}. */
final class GemmVector {
    private static final VectorSpecies<Float> S = VectorWidth.FLOATS;

    private GemmVector() {}

    /** Rows [from, to) of C as {@code sum_p a[i,p] * B[p,:]}; B's rows are contiguous. */
    static void rowsByAxpy(
            int from,
            int to,
            int n,
            int k,
            float[] a,
            int aOff,
            int aRs,
            int aCs,
            float[] b,
            int bOff,
            int bRs,
            float[] c,
            int cOff,
            int ldc) {
        int bound = S.loopBound(n);
        for (int i = from; i < to; i++) {
            int ci = cOff + i * ldc;
            java.util.Arrays.fill(c, ci, ci + n, 0f);
            for (int p = 0; p < k; p++) {
                float aip = a[aOff + i * aRs + p * aCs];
                FloatVector va = FloatVector.broadcast(S, aip);
                int bp = bOff + p * bRs;
                int j = 0;
                for (; j < bound; j += S.length()) {
                    FloatVector acc = FloatVector.fromArray(S, c, ci + j);
                    va.fma(FloatVector.fromArray(S, b, bp + j), acc).intoArray(c, ci + j);
                }
                for (; j < n; j++) {
                    c[ci + j] = Math.fma(aip, b[bp + j], c[ci + j]);
                }
            }
        }
    }

    /** Rows [from, to) of C as dot products; A's rows and B's columns are contiguous. */
    static void rowsByDot(
            int from,
            int to,
            int n,
            int k,
            float[] a,
            int aOff,
            int aRs,
            float[] b,
            int bOff,
            int bCs,
            float[] c,
            int cOff,
            int ldc) {
        int bound = S.loopBound(k);
        for (int i = from; i < to; i++) {
            int ai = aOff + i * aRs;
            for (int j = 0; j < n; j++) {
                int bj = bOff + j * bCs;
                FloatVector acc = FloatVector.zero(S);
                int p = 0;
                for (; p < bound; p += S.length()) {
                    acc = FloatVector.fromArray(S, a, ai + p).fma(FloatVector.fromArray(S, b, bj + p), acc);
                }
                float s = VectorWidth.sumLanes(acc);
                for (; p < k; p++) {
                    s = Math.fma(a[ai + p], b[bj + p], s);
                }
                c[cOff + i * ldc + j] = s;
            }
        }
    }
}
