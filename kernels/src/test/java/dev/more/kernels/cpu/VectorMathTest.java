package dev.more.kernels.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.more.kernels.UnaryOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

/** Runs in every test execution with SIMD on; the scalar execution leaves it out (see the pom). */
class VectorMathTest {
    /** Many points across each function's range, plus the edges. */
    private static float[] points(float lo, float hi, int count, float... extra) {
        float[] p = new float[count + extra.length];
        for (int i = 0; i < count; i++) {
            p[i] = lo + (hi - lo) * i / (count - 1);
        }
        System.arraycopy(extra, 0, p, count, extra.length);
        return p;
    }

    private interface VectorFn {
        FloatVector apply(FloatVector v);
    }

    private interface ScalarFn {
        float apply(float x);
    }

    /** The vector form and the scalar twin agree bit for bit at every point. */
    private static void assertTwins(float[] xs, VectorFn vector, ScalarFn scalar) {
        VectorSpecies<Float> s = VectorWidth.FLOATS;
        float[] padded = java.util.Arrays.copyOf(xs, (xs.length + s.length() - 1) / s.length() * s.length());
        float[] out = new float[padded.length];
        for (int i = 0; i < padded.length; i += s.length()) {
            vector.apply(FloatVector.fromArray(s, padded, i)).intoArray(out, i);
        }
        for (int i = 0; i < xs.length; i++) {
            assertThat(Float.floatToIntBits(out[i]))
                    .as("x = %s", xs[i])
                    .isEqualTo(Float.floatToIntBits(scalar.apply(xs[i])));
        }
    }

    @Test
    void expIsWithinTwoUlpOfMathExpAndFlushesBelowTheNormalRange() {
        float[] xs = points(
                -87f,
                88.7f,
                20001,
                0f,
                -0f,
                1e-8f,
                -1e-8f,
                88.72f,
                -87.33f,
                100f,
                -100f,
                Float.POSITIVE_INFINITY,
                Float.NEGATIVE_INFINITY,
                Float.NaN);
        assertTwins(xs, VectorMath::exp, VectorMath::exp);
        for (float x : xs) {
            float got = VectorMath.exp(x);
            float want = (float) Math.exp(x);
            if (Float.isNaN(x)) {
                assertThat(got).isNaN();
            } else if (x < -87.33654f) {
                assertThat(got).isZero();
            } else if (Float.isInfinite(want)) {
                assertThat(got).isEqualTo(want);
            } else {
                assertThat((double) got).as("exp(%s)", x).isCloseTo(want, within(2.0 * Math.ulp(want)));
            }
        }
    }

    @Test
    void expOfNonPositiveArgumentsHasExpsBits() {
        float[] xs = points(
                -90f,
                0f,
                40001,
                -0f,
                -1e-30f,
                -1e-8f,
                -87.33654f,
                -87.3365f,
                -87.33655f,
                -87.34f,
                -103.9f,
                Float.MIN_VALUE * -1,
                Float.NEGATIVE_INFINITY,
                Float.NaN);
        assertTwins(xs, VectorMath::expNonPositive, VectorMath::exp);
        float[] edge = new float[4096];
        for (int i = 0; i < edge.length; i++) {
            edge[i] = Math.nextDown(-87.33654f + 0.01f * i / edge.length) - 86f * (i % 2);
        }
        assertTwins(edge, VectorMath::expNonPositive, VectorMath::exp);
    }

    @Test
    void erfAndGeluFollowTheAbramowitzStegunBound() {
        float[] xs = points(-6f, 6f, 12001, 0f, -0f, 1e-6f, 1e-30f, 9.5f, -9.5f);
        assertTwins(xs, VectorMath::erf, VectorMath::erf);
        assertTwins(xs, VectorMath::gelu, VectorMath::gelu);
        assertTwins(xs, VectorMath::geluDerivative, VectorMath::geluDerivative);
        assertTwins(xs, VectorMath::sigmoid, VectorMath::sigmoid);
        for (float x : xs) {
            // Below 0.5 the series is accurate relative to erf; above, 1.5e-7 from the formula and
            // a few float roundings of values near 1.
            double tol = Math.abs(x) < 0.5 ? 2e-7 * Math.abs(Erf.erf(x)) : 4e-7;
            assertThat((double) VectorMath.erf(x)).as("erf(%s)", x).isCloseTo(Erf.erf(x), within(tol));
            double gelu = 0.5 * x * (1 + Erf.erf(x / Math.sqrt(2)));
            assertThat((double) VectorMath.gelu(x))
                    .as("gelu(%s)", x)
                    .isCloseTo(gelu, within(3e-7 * Math.max(1, Math.abs(x))));
            assertThat((double) VectorMath.geluDerivative(x))
                    .as("gelu'(%s)", x)
                    .isCloseTo(UnaryOp.GELU_DERIVATIVE.apply(x), within(4e-7 * Math.max(1, Math.abs(x))));
            assertThat((double) VectorMath.sigmoid(x)).isCloseTo(UnaryOp.SIGMOID.apply(x), within(2e-7));
        }
    }
}
