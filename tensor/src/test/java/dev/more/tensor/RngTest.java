package dev.more.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Rng draws what {@link SplittableRandom} draws (the independent reference), and its state round-trips. */
class RngTest {
    private static final int[] BOUNDS = {1, 2, 3, 7, 10, 64, 1000, 1 << 20, (1 << 30) + 1, Integer.MAX_VALUE};

    @Test
    void drawsTheSameIntegersAsSplittableRandomForManySeedsAndBounds() {
        for (long seed : new long[] {0, 1, 42, -7, Long.MIN_VALUE, 0x123456789abcdefL}) {
            Rng rng = new Rng(seed);
            SplittableRandom reference = new SplittableRandom(seed);
            for (int i = 0; i < 2000; i++) {
                int bound = BOUNDS[i % BOUNDS.length];
                assertThat(rng.nextInt(bound))
                        .as("seed %d draw %d bound %d", seed, i, bound)
                        .isEqualTo(reference.nextInt(bound));
            }
        }
    }

    @Test
    void floatsComeFromTheSameIntegersAndSplitsFollowTheSameTree() {
        Rng rng = new Rng(5);
        SplittableRandom reference = new SplittableRandom(5);
        List<Rng> children = new ArrayList<>();
        List<SplittableRandom> referenceChildren = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            children.add(rng.split());
            referenceChildren.add(reference.split());
            assertThat(rng.nextFloat()).isEqualTo((reference.nextInt() >>> 8) * 0x1.0p-24f);
        }
        for (int c = 0; c < children.size(); c++) {
            Rng grandchild = children.get(c).split();
            SplittableRandom referenceGrandchild = referenceChildren.get(c).split();
            for (int i = 0; i < 20; i++) {
                assertThat(children.get(c).nextInt(1000))
                        .isEqualTo(referenceChildren.get(c).nextInt(1000));
                assertThat(grandchild.nextInt(17)).isEqualTo(referenceGrandchild.nextInt(17));
            }
        }
    }

    @Test
    void gaussiansAreBoxMullerPairsOfSplittableRandomDoubles() {
        Rng rng = new Rng(9);
        SplittableRandom reference = new SplittableRandom(9);
        for (int i = 0; i < 100; i++) {
            double u1 = 1.0 - reference.nextDouble();
            double u2 = reference.nextDouble();
            double radius = Math.sqrt(-2.0 * Math.log(u1));
            assertThat(rng.nextGaussian()).isEqualTo(radius * Math.cos(2 * Math.PI * u2));
            assertThat(rng.nextGaussian()).isEqualTo(radius * Math.sin(2 * Math.PI * u2));
        }
    }

    @Test
    void aRestoredStateDrawsTheSameNumbersAgainSpareGaussianIncluded() {
        Rng rng = new Rng(11);
        Rng child = rng.split();
        child.nextInt(10);
        rng.nextGaussian(); // leaves a spare Gaussian in the state
        Rng.State saved = rng.state();
        Rng.State savedChild = child.state();
        List<Double> first = draws(rng, child);

        Rng other = new Rng(0);
        other.restore(saved);
        Rng otherChild = new Rng(1);
        otherChild.restore(savedChild);
        assertThat(draws(other, otherChild)).isEqualTo(first);
        rng.restore(saved);
        child.restore(savedChild);
        assertThat(draws(rng, child)).isEqualTo(first);
    }

    private static List<Double> draws(Rng rng, Rng child) {
        List<Double> out = new ArrayList<>();
        out.add(rng.nextGaussian());
        out.add(rng.nextGaussian());
        out.add((double) rng.nextFloat());
        out.add((double) rng.split().nextInt(1000));
        out.add((double) child.nextInt(999));
        return out;
    }

    @Test
    void rejectsAnEvenGammaAndANonPositiveBound() {
        assertThatThrownBy(() -> new Rng.State(1, 2, Double.NaN)).hasMessageContaining("gamma 2 is even");
        assertThatThrownBy(() -> new Rng(1).nextInt(0)).hasMessageContaining("bound must be positive, not 0");
    }

    @Test
    void fillingWithGaussiansDrawsWhatOneAtATimeWouldAndLeavesTheSameState() {
        int before = dev.more.kernels.cpu.Parallel.threads();
        try {
            for (int threads : new int[] {1, 3}) {
                dev.more.kernels.cpu.Parallel.setThreads(threads);
                for (int n : new int[] {0, 1, 2, 3, 1000, 100_001}) {
                    for (boolean spare : new boolean[] {false, true}) {
                        Rng sequential = new Rng(n + 7);
                        Rng filling = new Rng(n + 7);
                        if (spare) { // leave the second value of a pair pending in both
                            sequential.nextGaussian();
                            filling.nextGaussian();
                        }
                        float[] want = new float[n];
                        for (int i = 0; i < n; i++) {
                            want[i] = (float) sequential.nextGaussian();
                        }
                        float[] got = new float[n];
                        filling.fillGaussian(got);
                        assertThat(got)
                                .as("n=%d spare=%s threads=%d", n, spare, threads)
                                .containsExactly(want);
                        assertThat(filling.state()).isEqualTo(sequential.state());
                    }
                }
            }
        } finally {
            dev.more.kernels.cpu.Parallel.setThreads(before);
        }
    }
}
