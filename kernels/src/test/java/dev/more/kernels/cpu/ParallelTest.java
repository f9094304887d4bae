package dev.more.kernels.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ParallelTest {
    @Test
    void everyItemRunsExactlyOnceAtAnyThreadCount() {
        int before = Parallel.threads();
        try {
            for (int threads : new int[] {1, 2, 3}) {
                Parallel.setThreads(threads);
                assertThat(Parallel.threads()).isEqualTo(threads);
                AtomicIntegerArray hits = new AtomicIntegerArray(1001);
                Parallel.forRange(1001, 10, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        hits.incrementAndGet(i);
                    }
                });
                for (int i = 0; i < hits.length(); i++) {
                    assertThat(hits.get(i)).isEqualTo(1);
                }
            }
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void aLoopStartedInsideALoopRunsOnItsThread() throws Exception {
        onTwoThreads(() -> {
            AtomicIntegerArray hits = new AtomicIntegerArray(64);
            Parallel.forRange(2, 1, (from, to) -> {
                Thread outer = Thread.currentThread();
                for (int chunk = from; chunk < to; chunk++) {
                    int base = chunk * 32;
                    Parallel.forRange(32, 1, (f, t) -> {
                        assertThat(Thread.currentThread()).isSameAs(outer);
                        for (int i = f; i < t; i++) {
                            hits.incrementAndGet(base + i);
                        }
                    });
                }
            });
            for (int i = 0; i < hits.length(); i++) {
                assertThat(hits.get(i)).isEqualTo(1);
            }
        });
    }

    @Test
    void aFailingChunkReachesTheCallerAndThePoolStaysUsable() throws Exception {
        onTwoThreads(() -> {
            assertThatThrownBy(() -> Parallel.forRange(100, 1, (from, to) -> {
                        if (to == 100) {
                            throw new IllegalArgumentException("last chunk failed");
                        }
                    }))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("last chunk failed");
            AtomicInteger sum = new AtomicInteger();
            Parallel.forRange(100, 1, (from, to) -> sum.addAndGet(to - from));
            assertThat(sum.get()).isEqualTo(100);
        });
    }

    @Test
    void loopsFromSeveralThreadsAtOnceEachRunEveryItemOnce() throws Exception {
        onTwoThreads(() -> {
            int callers = 4;
            AtomicIntegerArray[] hits = new AtomicIntegerArray[callers];
            Thread[] threads = new Thread[callers];
            for (int c = 0; c < callers; c++) {
                AtomicIntegerArray mine = new AtomicIntegerArray(5000);
                hits[c] = mine;
                threads[c] = new Thread(() -> {
                    for (int round = 0; round < 200; round++) {
                        Parallel.forRange(5000, 100, (from, to) -> {
                            for (int i = from; i < to; i++) {
                                mine.incrementAndGet(i);
                            }
                        });
                    }
                });
                threads[c].start();
            }
            for (Thread t : threads) {
                t.join();
            }
            for (AtomicIntegerArray mine : hits) {
                for (int i = 0; i < mine.length(); i++) {
                    assertThat(mine.get(i)).isEqualTo(200);
                }
            }
        });
    }

    /** A test body that may throw. */
    private interface Body {
        void run() throws Exception;
    }

    /** Runs {@code body} with the engine on two threads, then restores the thread count. */
    private static void onTwoThreads(Body body) throws Exception {
        int before = Parallel.threads();
        try {
            Parallel.setThreads(2);
            body.run();
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void rejectsNonPositiveCounts() {
        assertThatThrownBy(() -> Parallel.setThreads(0)).hasMessage("thread count must be at least 1, not 0");
    }
}
