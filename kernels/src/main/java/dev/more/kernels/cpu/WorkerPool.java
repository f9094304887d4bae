package dev.more.kernels.cpu;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The threads behind {@link Parallel}: {@code threads - 1} workers, and the calling thread as one more. A
 * loop's chunks are claimed from a counter by whoever is free, the caller first, so a worker slow to wake
 * costs only the chunks it does not claim. Workers spin for a while after each loop before they sleep:
 * a model runs its parallel ops back to back, and waking a sleeping thread took 100–140 µs on these
 * virtual machines (a fork/join pool's empty two-task loop: 19 µs back to back, 144 µs after 5 ms idle),
 * about a millisecond per BERT layer.
 */
final class WorkerPool {
    /** How long an idle worker keeps checking for the next loop before it parks. */
    private static final long SPIN_NANOS = 1_000_000;
    /** How long a caller spins for its loop's last chunks before it parks until they finish. */
    private static final long CALLER_SPIN_NANOS = 50_000;

    /** Set while this thread runs a chunk: a loop started inside one runs inline. */
    private static final ThreadLocal<boolean[]> INSIDE = ThreadLocal.withInitial(() -> new boolean[1]);

    /** One parallel loop: its chunks, the next one to claim, how many are done, the first failure. */
    private static final class Loop {
        final Parallel.RangeBody body;
        final int n;
        final int chunks;
        final Thread caller;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        volatile Throwable failure;

        Loop(Parallel.RangeBody body, int n, int chunks, Thread caller) {
            this.body = body;
            this.n = n;
            this.chunks = chunks;
            this.caller = caller;
        }

        /** Runs unclaimed chunks until none are left. */
        void work() {
            boolean[] inside = INSIDE.get();
            for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
                inside[0] = true;
                try {
                    if (failure == null) {
                        body.run((int) ((long) n * c / chunks), (int) ((long) n * (c + 1) / chunks));
                    }
                } catch (Throwable t) {
                    if (failure == null) {
                        failure = t;
                    }
                } finally {
                    inside[0] = false;
                }
                if (done.incrementAndGet() == chunks && Thread.currentThread() != caller) {
                    LockSupport.unpark(caller);
                }
            }
        }
    }

    private final Thread[] workers;
    private final AtomicBoolean[] sleeping;
    /** Taken by the caller whose loop the workers serve; a second caller meanwhile runs its loop alone. */
    private final AtomicBoolean busy = new AtomicBoolean();

    private volatile Loop current;
    private volatile boolean closed;

    WorkerPool(int threads) {
        workers = new Thread[threads - 1];
        sleeping = new AtomicBoolean[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            sleeping[i] = new AtomicBoolean();
            int index = i;
            workers[i] =
                    Thread.ofPlatform().daemon().name("more-worker-" + (i + 1)).unstarted(() -> serve(index));
            workers[i].start();
        }
    }

    /** True on a thread that is running a chunk of some loop. */
    static boolean insideLoop() {
        return INSIDE.get()[0];
    }

    /** Runs {@code body} over {@code [0, n)} in {@code chunks} equal chunks on the caller and the workers. */
    void run(Parallel.RangeBody body, int n, int chunks) {
        Loop loop = new Loop(body, n, chunks, Thread.currentThread());
        if (!busy.compareAndSet(false, true)) {
            // Another thread's loop has the workers: the same chunks, one after another, the same results.
            loop.work();
            rethrow(loop.failure);
            return;
        }
        try {
            current = loop;
            for (int i = 0; i < workers.length; i++) {
                if (sleeping[i].get()) {
                    LockSupport.unpark(workers[i]);
                }
            }
            loop.work();
            awaitChunks(loop);
        } finally {
            current = null;
            busy.set(false);
        }
        rethrow(loop.failure);
    }

    /** Stops the workers once they finish what they are running. */
    void close() {
        closed = true;
        for (Thread worker : workers) {
            LockSupport.unpark(worker);
        }
    }

    private static void awaitChunks(Loop loop) {
        long spinUntil = System.nanoTime() + CALLER_SPIN_NANOS;
        while (loop.done.get() < loop.chunks) {
            if (System.nanoTime() < spinUntil) {
                Thread.onSpinWait();
            } else {
                LockSupport.park(loop);
            }
        }
    }

    private void serve(int index) {
        Loop last = null;
        while (!closed) {
            Loop loop = awaitLoop(index, last);
            if (loop != null) {
                loop.work();
                last = loop;
            }
        }
    }

    /** The next loop other than {@code last}: spins, then parks until the caller wakes this worker. */
    private Loop awaitLoop(int index, Loop last) {
        long spinUntil = System.nanoTime() + SPIN_NANOS;
        while (System.nanoTime() < spinUntil) {
            Loop loop = current;
            if (loop != null && loop != last) {
                return loop;
            }
            if (closed) {
                return null;
            }
            Thread.onSpinWait();
        }
        sleeping[index].set(true);
        try {
            // Checked again after saying so: a loop published before the flag was set would not wake it.
            Loop loop = current;
            if (loop != null && loop != last) {
                return loop;
            }
            LockSupport.park(this);
            return null;
        } finally {
            sleeping[index].set(false);
        }
    }

    private static void rethrow(Throwable failure) {
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }
}
