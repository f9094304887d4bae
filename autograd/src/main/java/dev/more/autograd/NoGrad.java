package dev.more.autograd;

/**
 * A scope in which ops record no graph, for evaluation and for optimizer updates:
 * {@code try (NoGrad ignored = NoGrad.enter()) { ... }}. Scopes nest; each thread has its own.
 */
public final class NoGrad implements AutoCloseable {
    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);
    private boolean closed;

    private NoGrad() {}

    /** Enters a no-grad scope until {@link #close()}. */
    public static NoGrad enter() {
        DEPTH.get()[0]++;
        return new NoGrad();
    }

    /** True inside a no-grad scope on this thread. */
    public static boolean active() {
        return DEPTH.get()[0] > 0;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            DEPTH.get()[0]--;
        }
    }
}
