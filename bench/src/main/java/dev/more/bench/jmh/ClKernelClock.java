package dev.more.bench.jmh;

import dev.more.kernels.opencl.ClRuntime;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Kernel time for the OpenCL benchmarks: each measured call runs between {@link ClRuntime#startTiming}
 * and {@link ClRuntime#stopTiming}, which waits for the kernels (so JMH's wall time covers their whole
 * execution) and sums their profiling events' execution times. The per-call mean is printed when the
 * trial ends, beside JMH's wall time.
 */
final class ClKernelClock {
    private final ClRuntime rt;
    private long nanos;
    private long calls;

    ClKernelClock(ClRuntime rt) {
        this.rt = rt;
    }

    /** Runs {@code work} timed; returns what it returned. */
    <T> T time(java.util.function.Supplier<T> work) {
        rt.startTiming();
        T result = work.get();
        nanos += rt.stopTiming();
        calls++;
        return result;
    }

    /** Forgets the warm-up calls. */
    void reset() {
        nanos = 0;
        calls = 0;
    }

    /** Prints the mean kernel time per call of the measured iterations. */
    void report(String benchmark, PrintStream out) {
        out.printf(
                Locale.ROOT,
                "%nkernel time (OpenCL profiling events) %s on %s: %.3f ms per call over %d calls%n",
                benchmark,
                rt.info().name(),
                nanos / 1e6 / Math.max(1, calls),
                calls);
    }
}
