package dev.more.kernels.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.more.kernels.UnaryOp;
import org.junit.jupiter.api.Test;

class ErfTest {
    // Reference values from Python's math.erf (correctly rounded double precision).
    private static final double[][] KNOWN = {
        {0.0, 0.0}, {1e-8, 1.1283791670955126e-08}, {0.1, 0.1124629160182849},
        {0.5, 0.5204998778130465}, {1.0, 0.8427007929497149}, {1.5, 0.9661051464753108},
        {2.0, 0.9953222650189527}, {3.0, 0.9999779095030014}, {4.5, 0.9999999998033839},
        {5.9, 0.9999999999999999}, {7.0, 1.0},
    };

    @Test
    void matchesKnownValuesToDoublePrecision() {
        for (double[] kv : KNOWN) {
            assertThat(Erf.erf(kv[0])).as("erf(%s)", kv[0]).isCloseTo(kv[1], within(4e-16 + 2e-15 * kv[1]));
            assertThat(Erf.erf(-kv[0])).as("erf(-%s)", kv[0]).isCloseTo(-kv[1], within(4e-16 + 2e-15 * kv[1]));
        }
        assertThat(Erf.erf(Double.NaN)).isNaN();
        assertThat(Erf.erf(Double.POSITIVE_INFINITY)).isEqualTo(1.0);
    }

    @Test
    void derivativeMatchesCentralDifference() {
        for (double x = -3; x <= 3; x += 0.37) {
            double h = 1e-6;
            double numeric = (Erf.erf(x + h) - Erf.erf(x - h)) / (2 * h);
            assertThat(Erf.derivative(x)).isCloseTo(numeric, within(1e-8));
        }
    }

    @Test
    void geluIsTheErfForm() {
        // x * Phi(x): Phi(1) = 0.8413447460685429, Phi(-1) = 0.15865525393145707.
        assertThat(UnaryOp.GELU.apply(1f)).isEqualTo(0.8413447460685429f);
        assertThat(UnaryOp.GELU.apply(-1f)).isEqualTo(-0.15865525393145707f);
        assertThat(UnaryOp.GELU.apply(0f)).isEqualTo(0f);
        for (float x = -4f; x <= 4f; x += 0.25f) {
            double h = 1e-3;
            double numeric = (gelu(x + h) - gelu(x - h)) / (2 * h);
            assertThat((double) UnaryOp.GELU_DERIVATIVE.apply(x)).isCloseTo(numeric, within(1e-6));
        }
    }

    private static double gelu(double x) {
        return 0.5 * x * (1 + Erf.erf(x / Math.sqrt(2)));
    }
}
