package dev.more.kernels.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void rejectsNonPositiveCounts() {
        assertThatThrownBy(() -> Parallel.setThreads(0)).hasMessage("thread count must be at least 1, not 0");
    }
}
