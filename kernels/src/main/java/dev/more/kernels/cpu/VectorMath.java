package dev.more.kernels.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * exp and erf on float vectors from IEEE-exact lane operations only, so that their bits do not
 * depend on the JIT (see {@link VectorWidth}); each has a scalar twin doing the same operations in the
 * same order, bit for bit.
 *
 * <ul>
 * <li>exp: Cody–Waite reduction {@code x = n·ln2 + r}, |r| ≤ ln2/2, a degree-7 Taylor polynomial for
 * e^r (truncation below 6e-9 relative), then scaling by 2^n through exponent bits (in two halves,
 * so that neither factor overflows near the top of the range); within 2 ulp
 * of {@link Math#exp}. Results below the smallest normal float are flushed to 0.</li>
 * <li>erf: for |x| ≥ 0.5 the Abramowitz–Stegun 7.1.26 form {@code 1 - t·P(t)·e^{-x²}},
 * {@code t = 1/(1 + p|x|)} (absolute error below 1.5e-7; PyTorch's vectorised CPU erf, and so its GELU,
 * uses it everywhere); below 0.5, where that form cancels to a poor relative error, the Maclaurin
 * series to x^15 (truncation below 1e-9). GELU and its derivative take erf from the Abramowitz–Stegun form
 * everywhere, as PyTorch does (see {@link #gelu(FloatVector)}).</li>
 * </ul>
 */
final class VectorMath {
    private static final VectorSpecies<Float> S = VectorWidth.FLOATS;
    private static final VectorSpecies<Integer> I = VectorWidth.FLOATS.withLanes(int.class);

    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    /** 1.5·2^23: adding and subtracting it rounds a float of magnitude below 2^22 to an integer. */
    private static final float ROUNDER = 12582912f;

    private static final int ROUNDER_BITS = 0x4B400000;
    private static final float EXP_MAX = 88.72283f;
    private static final float EXP_MIN = -87.33654f;
    /** e^r ≈ Σ EXP_Ck · r^k, the Taylor coefficients 1/k!. */
    private static final float EXP_C7 = 1f / 5040;

    private static final float EXP_C6 = 1f / 720;
    private static final float EXP_C5 = 1f / 120;
    private static final float EXP_C4 = 1f / 24;
    private static final float EXP_C3 = 1f / 6;
    private static final float EXP_C2 = 0.5f;
    private static final float EXP_C1 = 1f;
    private static final float EXP_C0 = 1f;

    private static final float ERF_P = 0.3275911f;
    private static final float[] ERF_POLY = {1.061405429f, -1.453152027f, 1.421413741f, -0.284496736f, 0.254829592f};
    private static final float ERF_SERIES_BELOW = 0.5f;
    /** 2/√π · (-1)^n / (n! (2n+1)) for n = 7 down to 0: erf(x) = x · Q(x²). */
    private static final float[] ERF_SERIES = {
        (float) (-2 / Math.sqrt(Math.PI) / (5040.0 * 15)), (float) (2 / Math.sqrt(Math.PI) / (720.0 * 13)),
        (float) (-2 / Math.sqrt(Math.PI) / (120.0 * 11)), (float) (2 / Math.sqrt(Math.PI) / (24.0 * 9)),
        (float) (-2 / Math.sqrt(Math.PI) / (6.0 * 7)), (float) (2 / Math.sqrt(Math.PI) / (2.0 * 5)),
        (float) (-2 / Math.sqrt(Math.PI) / 3.0), (float) (2 / Math.sqrt(Math.PI))
    };

    private VectorMath() {}

    static FloatVector exp(FloatVector x) {
        // Clamped by blends on the masks the end needs anyway: a lanewise max or min follows Math.max's rules for
        // NaN and signed zeros, which takes the JIT six instructions each.
        VectorMask<Float> under = x.compare(VectorOperators.LT, EXP_MIN);
        VectorMask<Float> over = x.compare(VectorOperators.GT, EXP_MAX);
        FloatVector c = x.blend(EXP_MIN, under).blend(EXP_MAX, over);
        FloatVector t = c.fma(FloatVector.broadcast(S, LOG2E), FloatVector.broadcast(S, ROUNDER));
        FloatVector p = expOfRemainder(c, t);
        // 2^n as 2^(n>>1) · 2^(n - (n>>1)): each factor stays a normal float for n in [-126, 128].
        IntVector n1 = ((IntVector) t.reinterpretAsInts()).sub(ROUNDER_BITS);
        IntVector half = n1.lanewise(VectorOperators.ASHR, 1);
        FloatVector scaleA = half.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector scaleB =
                n1.sub(half).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector scaled = p.mul(scaleA).mul(scaleB);
        return scaled.blend(0f, under).blend(Float.POSITIVE_INFINITY, over);
    }

    /**
     * {@link #exp(FloatVector)} for x ≤ 0 (or NaN), with its bits and so with {@link #exp(float)} as its
     * twin: the arguments of erf's e^{-x²} and of softmax's e^{x - max}. It skips exp's overflow handling,
     * and scales by 2^n in one factor, which is a normal float for every n from -126 (the floor that x ≥
     * EXP_MIN gives) to 0; a product by a power of two rounds once either way. Positive x gives wrong results.
     */
    static FloatVector expNonPositive(FloatVector x) {
        VectorMask<Float> under = x.compare(VectorOperators.LT, EXP_MIN);
        FloatVector c = x.blend(EXP_MIN, under);
        FloatVector t = c.fma(FloatVector.broadcast(S, LOG2E), FloatVector.broadcast(S, ROUNDER));
        FloatVector p = expOfRemainder(c, t);
        IntVector n1 = ((IntVector) t.reinterpretAsInts()).sub(ROUNDER_BITS);
        FloatVector scale = n1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return p.mul(scale).blend(0f, under);
    }

    /**
     * e^r for the remainder {@code r = c - n·ln2} (Cody–Waite, in two steps), where {@code t = c·log2e + ROUNDER}
     * holds n: the degree-7 Taylor polynomial, its coefficients as constants the JIT keeps in registers.
     */
    private static FloatVector expOfRemainder(FloatVector c, FloatVector t) {
        FloatVector n = t.sub(ROUNDER);
        FloatVector r = n.fma(FloatVector.broadcast(S, -LN2_HI), c);
        r = n.fma(FloatVector.broadcast(S, -LN2_LO), r);
        return FloatVector.broadcast(S, EXP_C7)
                .fma(r, FloatVector.broadcast(S, EXP_C6))
                .fma(r, FloatVector.broadcast(S, EXP_C5))
                .fma(r, FloatVector.broadcast(S, EXP_C4))
                .fma(r, FloatVector.broadcast(S, EXP_C3))
                .fma(r, FloatVector.broadcast(S, EXP_C2))
                .fma(r, FloatVector.broadcast(S, EXP_C1))
                .fma(r, FloatVector.broadcast(S, EXP_C0));
    }

    /** The scalar twin of {@link #exp(FloatVector)}. */
    static float exp(float x) {
        if (Float.isNaN(x)) {
            return x;
        }
        if (x < EXP_MIN) {
            return 0f;
        }
        if (x > EXP_MAX) {
            return Float.POSITIVE_INFINITY;
        }
        float t = Math.fma(x, LOG2E, ROUNDER);
        float n = t - ROUNDER;
        float r = Math.fma(n, -LN2_HI, x);
        r = Math.fma(n, -LN2_LO, r);
        float p = Math.fma(
                Math.fma(
                        Math.fma(
                                Math.fma(
                                        Math.fma(Math.fma(Math.fma(EXP_C7, r, EXP_C6), r, EXP_C5), r, EXP_C4),
                                        r,
                                        EXP_C3),
                                r,
                                EXP_C2),
                        r,
                        EXP_C1),
                r,
                EXP_C0);
        int n1 = Float.floatToRawIntBits(t) - ROUNDER_BITS;
        int half = n1 >> 1;
        return p * Float.intBitsToFloat((half + 127) << 23) * Float.intBitsToFloat((n1 - half + 127) << 23);
    }

    static FloatVector erf(FloatVector x) {
        FloatVector a = x.abs();
        FloatVector y = erfTail(x, a, expNonPositive(a.mul(a).neg()));
        FloatVector x2 = x.mul(x);
        FloatVector q = FloatVector.broadcast(S, ERF_SERIES[0]);
        for (int i = 1; i < ERF_SERIES.length; i++) {
            q = q.fma(x2, FloatVector.broadcast(S, ERF_SERIES[i]));
        }
        return y.blend(x.mul(q), a.compare(VectorOperators.LT, ERF_SERIES_BELOW));
    }

    /** The Abramowitz–Stegun form of erf, given {@code a = |x|} and {@code e = exp(-a²)}. */
    private static FloatVector erfTail(FloatVector x, FloatVector a, FloatVector e) {
        FloatVector t =
                FloatVector.broadcast(S, 1f).div(a.fma(FloatVector.broadcast(S, ERF_P), FloatVector.broadcast(S, 1f)));
        FloatVector p = FloatVector.broadcast(S, ERF_POLY[0]);
        for (int i = 1; i < ERF_POLY.length; i++) {
            p = p.fma(t, FloatVector.broadcast(S, ERF_POLY[i]));
        }
        FloatVector y = FloatVector.broadcast(S, 1f).sub(t.mul(p).mul(e));
        return y.blend(y.neg(), x.compare(VectorOperators.LT, 0f));
    }

    /** The scalar twin of {@link #erf(FloatVector)}. */
    static float erf(float x) {
        float a = Math.abs(x);
        return a < ERF_SERIES_BELOW ? erfSeries(x) : erfTail(x, a, exp(-(a * a)));
    }

    /** The Maclaurin branch of erf, for |x| below {@link #ERF_SERIES_BELOW}. */
    private static float erfSeries(float x) {
        float x2 = x * x;
        float q = ERF_SERIES[0];
        for (int i = 1; i < ERF_SERIES.length; i++) {
            q = Math.fma(q, x2, ERF_SERIES[i]);
        }
        return x * q;
    }

    /** The Abramowitz–Stegun branch of erf, given {@code a = |x|} and {@code e = exp(-a²)}. */
    private static float erfTail(float x, float a, float e) {
        float t = 1f / Math.fma(a, ERF_P, 1f);
        float p = ERF_POLY[0];
        for (int i = 1; i < ERF_POLY.length; i++) {
            p = Math.fma(p, t, ERF_POLY[i]);
        }
        float y = 1f - t * p * e;
        return x < 0f ? -y : y;
    }

    private static final float INV_SQRT2 = 0.70710678118654752f;
    private static final float INV_SQRT_2PI = 0.39894228040143268f;

    /**
     * GELU {@code x · ½(1 + erf(x/√2))}, as PyTorch's vectorised CPU kernel computes it: erf by the
     * Abramowitz–Stegun form alone. Near 0 that form's absolute error (1.5e-7) is small against 1 + erf,
     * about 1, so GELU needs no series branch there; without it (and with {@link #expNonPositive}) a BERT
     * layer's 384→1536 product with its GELU took 16.9–17.5 ms instead of 17.7–20.1 on 2 threads.
     */
    static FloatVector gelu(FloatVector x) {
        FloatVector u = x.mul(INV_SQRT2);
        FloatVector a = u.abs();
        return x.mul(0.5f).mul(erfTail(u, a, expNonPositive(a.mul(a).neg())).add(1f));
    }

    /** The scalar twin of {@link #gelu(FloatVector)}. */
    static float gelu(float x) {
        float u = x * INV_SQRT2;
        float a = Math.abs(u);
        return x * 0.5f * (erfTail(u, a, exp(-(a * a))) + 1f);
    }

    /**
     * d/dx GELU = Φ(x) + x·φ(x), Φ by the Abramowitz–Stegun erf alone as in {@link #gelu(FloatVector)} (and in
     * PyTorch's backward). φ(x) = e^{-u²}/√(2π) with u = x/√2 is the exponential that erf(u) needs too, so it is
     * computed once: a second inlined exp made the JIT give up inlining (its node-count cutoff) and run this on
     * boxed vectors, ten times slower.
     */
    static FloatVector geluDerivative(FloatVector x) {
        FloatVector u = x.mul(INV_SQRT2);
        FloatVector a = u.abs();
        FloatVector e = expNonPositive(a.mul(a).neg());
        FloatVector cdf = erfTail(u, a, e).add(1f).mul(0.5f);
        return x.fma(e.mul(INV_SQRT_2PI), cdf);
    }

    /** The scalar twin of {@link #geluDerivative(FloatVector)}. */
    static float geluDerivative(float x) {
        float u = x * INV_SQRT2;
        float a = Math.abs(u);
        float e = exp(-(a * a));
        return Math.fma(x, e * INV_SQRT_2PI, (erfTail(u, a, e) + 1f) * 0.5f);
    }

    /** The logistic sigmoid {@code 1 / (1 + e^{-x})}. */
    static FloatVector sigmoid(FloatVector x) {
        return FloatVector.broadcast(S, 1f).div(exp(x.neg()).add(1f));
    }

    /** The scalar twin of {@link #sigmoid(FloatVector)}. */
    static float sigmoid(float x) {
        return 1f / (exp(-x) + 1f);
    }

    // Row loops: each keeps its vectors inside one small compiled method (see ElementwiseVector).
    // Each returns how many leading elements it did; the caller finishes the tail with the twins.

    static int expRow(float[] x, int xi, float[] out, int oi, int n) {
        int bound = S.loopBound(n);
        for (int i = 0; i < bound; i += S.length()) {
            exp(FloatVector.fromArray(S, x, xi + i)).intoArray(out, oi + i);
        }
        return bound;
    }

    static int sigmoidRow(float[] x, int xi, float[] out, int oi, int n) {
        int bound = S.loopBound(n);
        for (int i = 0; i < bound; i += S.length()) {
            sigmoid(FloatVector.fromArray(S, x, xi + i)).intoArray(out, oi + i);
        }
        return bound;
    }

    static int erfRow(float[] x, int xi, float[] out, int oi, int n) {
        int bound = S.loopBound(n);
        for (int i = 0; i < bound; i += S.length()) {
            erf(FloatVector.fromArray(S, x, xi + i)).intoArray(out, oi + i);
        }
        return bound;
    }

    static int geluRow(float[] x, int xi, float[] out, int oi, int n) {
        int bound = S.loopBound(n);
        for (int i = 0; i < bound; i += S.length()) {
            gelu(FloatVector.fromArray(S, x, xi + i)).intoArray(out, oi + i);
        }
        return bound;
    }

    static int geluDerivativeRow(float[] x, int xi, float[] out, int oi, int n) {
        int bound = S.loopBound(n);
        for (int i = 0; i < bound; i += S.length()) {
            geluDerivative(FloatVector.fromArray(S, x, xi + i)).intoArray(out, oi + i);
        }
        return bound;
    }

    /** {@code out = dy · GELU'(x)}: GELU's backward in one pass, rounded as the two separate ops round it. */
    static int geluBackwardRow(float[] x, int xi, float[] dy, int di, float[] out, int oi, int n) {
        int bound = S.loopBound(n);
        for (int i = 0; i < bound; i += S.length()) {
            FloatVector.fromArray(S, dy, di + i)
                    .mul(geluDerivative(FloatVector.fromArray(S, x, xi + i)))
                    .intoArray(out, oi + i);
        }
        return bound;
    }
}
