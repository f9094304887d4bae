package dev.more.kernels.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DropoutMaskTest {
    @Test
    void vectorPathEqualsScalarTwinBitForBit() {
        for (int n : new int[] {1, 15, 16, 17, 1000, 4099, 100_003}) {
            float[] mask = new float[n];
            float[] twin = new float[n];
            DropoutMask.fill(mask, 12345 + n, 0.1f, 1f / 0.9f);
            DropoutMask.fillScalar(twin, 0, n, 12345 + n, 0.1f, 1f / 0.9f);
            assertThat(mask).as("n=%d", n).containsExactly(twin);
        }
    }

    @Test
    void dropsAboutPOfTheElementsAndScalesTheRest() {
        float[] mask = new float[200_000];
        for (float p : new float[] {0.1f, 0.5f, 0.9f}) {
            DropoutMask.fill(mask, 7, p, 1f / (1f - p));
            int dropped = 0;
            for (float m : mask) {
                if (m == 0f) {
                    dropped++;
                } else {
                    assertThat(m).isEqualTo(1f / (1f - p));
                }
            }
            // Binomial standard deviation at n = 200,000 is at most 0.0012; allow five of them.
            assertThat(dropped / (double) mask.length).as("p=%s", p).isCloseTo(p, within(0.006));
        }
    }

    @Test
    void neighbouringElementsAndSeedsAreUncorrelated() {
        float[] a = new float[100_000];
        float[] b = new float[100_000];
        DropoutMask.fill(a, 1, 0.5f, 1f);
        DropoutMask.fill(b, 2, 0.5f, 1f);
        int sameNeighbour = 0;
        int sameSeed = 0;
        for (int i = 0; i + 1 < a.length; i++) {
            sameNeighbour += a[i] == a[i + 1] ? 1 : 0;
            sameSeed += a[i] == b[i] ? 1 : 0;
        }
        assertThat(sameNeighbour / (double) a.length).isCloseTo(0.5, within(0.01));
        assertThat(sameSeed / (double) a.length).isCloseTo(0.5, within(0.01));
    }

    @Test
    void probabilityZeroKeepsAllAndOneDropsAll() {
        float[] mask = new float[100];
        DropoutMask.fill(mask, 3, 0f, 1f);
        assertThat(mask).containsOnly(1f);
        DropoutMask.fill(mask, 3, 1f, 0f);
        assertThat(mask).containsOnly(0f);
    }

    @Test
    void applyingEqualsMultiplyingByTheMaskBitForBit() {
        java.util.Random random = new java.util.Random(5);
        for (int n : new int[] {1, 15, 17, 1000, 70_001}) {
            float[] x = new float[n + 3];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) random.nextGaussian();
            }
            x[3] = Float.NaN;
            float[] mask = new float[n];
            DropoutMask.fill(mask, 99 + n, 0.25f, 1f / 0.75f);
            float[] expected = new float[n + 2];
            for (int i = 0; i < n; i++) {
                expected[2 + i] = x[3 + i] * mask[i];
            }
            float[] out = new float[n + 2];
            DropoutMask.apply(x, 3, out, 2, n, 99 + n, 0.25f, 1f / 0.75f);
            assertThat(out).as("n=%d", n).containsExactly(expected);
            float[] twin = new float[n + 2];
            DropoutMask.applyScalar(x, 3, twin, 2, 0, n, 99 + n, 0.25f, 1f / 0.75f);
            assertThat(twin).as("scalar twin, n=%d", n).containsExactly(expected);
        }
    }
}
