package dev.more.kernels.opencl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

/**
 * Comparing an OpenCL kernel with its CPU twin. Exact checks are for kernels that add in the CPU's
 * order; sums in another order are bounded by the standard floating-point summation bound: each of two
 * implementations that sum n terms in some order errs by at most {@code γ(n)·Σ|terms|}, with
 * {@code γ(n) = n·u / (1 - n·u)} and {@code u = 2^-24}, so they differ by at most twice that.
 */
final class Twins {
    static final double UNIT_ROUNDOFF = Math.scalb(1.0, -24);

    private Twins() {}

    static float[] random(Random random, int n, float low, float high) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = low + (high - low) * random.nextFloat();
        }
        return a;
    }

    /** Twice γ(n): how far two fp32 sums of the same n terms can be apart, per unit of Σ|terms|. */
    static double sumBound(int n) {
        double nu = Math.max(1, n) * UNIT_ROUNDOFF;
        return 2 * nu / (1 - nu);
    }

    /**
     * The relative tolerance for normalised row results (softmax, layer norm) whose row sums have n terms: four
     * times {@link #sumBound} plus 8 ulp.
     */
    static double normalised(int n) {
        return sumBound(n) * 4 + 8 * UNIT_ROUNDOFF;
    }

    /** Each element within {@code bound[i]} (NaN only where NaN is expected). */
    static void within(String what, float[] expected, float[] actual, double[] bound) {
        assertThat(actual).as(what + ": length").hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            if (Float.isNaN(expected[i]) || Float.isNaN(actual[i])) {
                assertThat(Float.isNaN(actual[i]))
                        .as(what + " NaN at " + i + ": expected " + expected[i] + ", got " + actual[i])
                        .isEqualTo(Float.isNaN(expected[i]));
                continue;
            }
            if (Float.isInfinite(expected[i])) {
                assertThat(actual[i]).as(what + " at " + i).isEqualTo(expected[i]);
                continue;
            }
            double d = Math.abs((double) expected[i] - actual[i]);
            assertThat(d)
                    .as(what + " at " + i + ": expected " + expected[i] + ", got " + actual[i] + ", bound " + bound[i])
                    .isLessThanOrEqualTo(bound[i]);
        }
    }

    /** Each element within {@code absolute + relative·|expected|}. */
    static void close(String what, float[] expected, float[] actual, double absolute, double relative) {
        double[] bound = new double[expected.length];
        for (int i = 0; i < bound.length; i++) {
            bound[i] = absolute + relative * Math.abs(expected[i]);
        }
        within(what, expected, actual, bound);
    }

    /** Bit for bit (NaNs of any payload count as equal). */
    static void exact(String what, float[] expected, float[] actual) {
        close(what, expected, actual, 0, 0);
    }
}
