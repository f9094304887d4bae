package dev.more.kernels.cpu;

/**
 * The engine's one thread setting and its worker pool. The count starts as the system property
 * {@code more.threads}, else the environment variable {@code MORE_THREADS}, else all cores, and
 * {@link #setThreads} changes it (the CLI's {@code --threads}); every parallel kernel splits its work
 * over the calling thread and a {@link WorkerPool} of {@code threads - 1} workers, which stay alive
 * between calls.
 */
public final class Parallel {
    /** The system property that sets the starting thread count. */
    public static final String THREADS_PROPERTY = "more.threads";

    private static volatile int threads = chooseThreads();
    private static volatile WorkerPool pool = threads > 1 ? new WorkerPool(threads) : null;

    private Parallel() {}

    /** A range of work items, {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeBody {
        /** Processes items {@code from} (inclusive) to {@code to} (exclusive). */
        void run(int from, int to);
    }

    /**
     * Elements below which splitting work over threads costs more than it saves (a task of 32K floats takes
     * tens of microseconds); memory-bound kernels split their work in tasks of at least this many.
     */
    public static final int MIN_TASK_ELEMENTS = 1 << 15;

    /** Rows of {@code rowLength} elements per task, for kernels whose rows are independent. */
    public static int rowsPerTask(int rowLength) {
        return Math.max(1, MIN_TASK_ELEMENTS / Math.max(1, rowLength));
    }

    /** The number of threads parallel kernels use. */
    public static int threads() {
        return threads;
    }

    /**
     * Changes the thread count for every parallel kernel from now on (benchmarks sweep it; the CLI
     * sets it from {@code --threads}). Work already running finishes on the old pool.
     */
    public static synchronized void setThreads(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("thread count must be at least 1, not " + count);
        }
        WorkerPool old = pool;
        pool = count > 1 ? new WorkerPool(count) : null;
        threads = count;
        if (old != null) {
            old.close();
        }
    }

    /**
     * Runs {@code body} over {@code [0, n)}, split into at most {@link #threads()} chunks of at least
     * {@code grain} items; runs inline when there is too little work to share, or when called from
     * inside another parallel loop.
     */
    public static void forRange(int n, int grain, RangeBody body) {
        WorkerPool workers = pool;
        int chunks = (int) Math.min(threads, Math.max(1L, n / (long) Math.max(1, grain)));
        // Work already running in a parallel loop (one GEMM of many, say) keeps its thread: splitting it
        // again only adds work for threads that are busy anyway.
        if (chunks <= 1 || workers == null || WorkerPool.insideLoop()) {
            body.run(0, n);
            return;
        }
        workers.run(body, n, chunks);
    }

    private static int chooseThreads() {
        String value = System.getProperty(THREADS_PROPERTY);
        if (value == null || value.isBlank()) {
            value = System.getenv("MORE_THREADS");
        }
        int cores = Runtime.getRuntime().availableProcessors();
        if (value == null || value.isBlank()) {
            return cores;
        }
        try {
            int t = Integer.parseInt(value.trim());
            if (t >= 1) {
                return t;
            }
        } catch (NumberFormatException e) {
            // reported below with the accepted form
        }
        throw new IllegalArgumentException("MORE_THREADS=" + value + " is not a positive thread count");
    }
}
