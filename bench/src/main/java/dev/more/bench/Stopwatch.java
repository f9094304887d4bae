package dev.more.bench;

import java.util.Arrays;

/** Median wall time of repeated runs, after warm-up runs that let the JIT compile the code. */
final class Stopwatch {
    private Stopwatch() {
    }

    /** Warms up for at least {@code warmups} runs and half a second, then returns the median of {@code repeats}. */
    static double medianMillis(Runnable work, int warmups, int repeats) {
        long warmEnd = System.nanoTime() + 500_000_000L;
        for (int i = 0; i < warmups || System.nanoTime() < warmEnd; i++) {
            work.run();
        }
        double[] ms = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            work.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return ms[repeats / 2];
    }

    /** Copy bandwidth of this JVM: bytes read plus bytes written per second, in GB/s. */
    static double copyBandwidthGbps(int repeats) {
        float[] src = new float[64 * 1024 * 1024];
        Arrays.fill(src, 1f);
        float[] dst = new float[src.length];
        double ms = medianMillis(() -> System.arraycopy(src, 0, dst, 0, src.length), 2, repeats);
        return 2.0 * 4 * src.length / (ms * 1e6);
    }
}
