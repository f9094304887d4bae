package dev.more.bench;

import java.util.Arrays;

/** Median wall time of repeated runs, after warm-up runs that let the JIT compile the code. */
final class Stopwatch {
    private Stopwatch() {}

    /**
     * Warms up for at least {@code warmups} runs and two seconds, then returns the median of {@code repeats}.
     * Half a second was too short for the first case of a run: the JIT was still compiling the GEMM's code
     * paths, and 1024³, measured first, took 10–12 ms where the same product measured later took 8.
     */
    static double medianMillis(Runnable work, int warmups, int repeats) {
        warmUp(work, warmups, 2000);
        double[] ms = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            work.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return ms[repeats / 2];
    }

    /** Runs {@code work} at least {@code runs} times and for at least {@code millis} milliseconds. */
    static void warmUp(Runnable work, int runs, long millis) {
        long end = System.nanoTime() + millis * 1_000_000L;
        for (int i = 0; i < runs || System.nanoTime() < end; i++) {
            work.run();
        }
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
