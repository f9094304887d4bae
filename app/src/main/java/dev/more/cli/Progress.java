package dev.more.cli;

import java.io.PrintWriter;

/** A one-line progress bar with loss, rate and time left, redrawn in place a few times a second. */
final class Progress {
    private static final long REDRAW_NANOS = 200_000_000L;
    private static final int WIDTH = 30;

    private final PrintWriter out;
    private final int total;
    private final long start = System.nanoTime();
    private long lastDraw;

    Progress(PrintWriter out, int total) {
        this.out = out;
        this.total = total;
    }

    /** Records that item {@code index} (0-based) is done, at loss {@code loss}. */
    void step(int index, float loss) {
        long now = System.nanoTime();
        if (now - lastDraw >= REDRAW_NANOS || index + 1 == total) {
            lastDraw = now;
            draw(index + 1, loss, now);
        }
    }

    /** Ends the bar's line. */
    void finish() {
        out.println();
    }

    private void draw(int done, float loss, long now) {
        double seconds = (now - start) / 1e9;
        double rate = done / Math.max(seconds, 1e-9);
        int filled = (int) ((long) WIDTH * done / total);
        out.printf("\r[%s%s] %d/%d  loss %.5f  %.0f/s  ETA %.1f s ", "#".repeat(filled),
                ".".repeat(WIDTH - filled), done, total, loss, rate, (total - done) / rate);
        out.flush();
    }
}
