package dev.more.cli;

import dev.more.train.EpochRecord;
import dev.more.train.StepRecord;
import dev.more.train.TrainingListener;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A training progress bar, redrawn in place a few times a second: epoch, steps, the step loss and its
 * moving average, throughput in examples per second and the time left; and one line per epoch with
 * its evaluation. When the output is not a terminal (a log file, a pipe) the bar is written as a plain
 * line at each quarter of an epoch instead of being redrawn.
 */
final class Progress implements TrainingListener {
    private static final long REDRAW_NANOS = 250_000_000L;
    private static final int WIDTH = 24;
    private static final double SMOOTHING = 0.1;

    private final PrintWriter out;
    private final boolean terminal;
    private final long start = System.nanoTime();
    private long lastDraw;
    private int epochs;
    private int stepsPerEpoch;
    private int totalSteps;
    private double average = Double.NaN;
    private int resumedAt;

    /** A bar on {@code out}, redrawn in place when this process has a terminal. */
    Progress(PrintWriter out) {
        this(out, System.console() != null);
    }

    /** A bar on {@code out}, redrawn in place when {@code terminal}, else one line per quarter epoch. */
    Progress(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public void started(int epochs, int stepsPerEpoch, int totalSteps) {
        this.epochs = epochs;
        this.stepsPerEpoch = stepsPerEpoch;
        this.totalSteps = totalSteps;
    }

    @Override
    public void resumed(int step, Path checkpoint) {
        resumedAt = step;
        out.println("resumed from step " + step + " of " + totalSteps + " (" + checkpoint + ")");
        out.flush();
    }

    @Override
    public void step(StepRecord step) {
        average = Double.isNaN(average) ? step.loss() : (1 - SMOOTHING) * average + SMOOTHING * step.loss();
        long now = System.nanoTime();
        boolean epochEnd = step.stepInEpoch() == stepsPerEpoch;
        if (terminal ? now - lastDraw < REDRAW_NANOS && !epochEnd : !epochEnd && !quarterMark(step.stepInEpoch())) {
            return;
        }
        lastDraw = now;
        double elapsed = (now - start) / 1e9;
        double secondsPerStep = elapsed / (step.step() - resumedAt);
        int filled = WIDTH * step.stepInEpoch() / stepsPerEpoch;
        out.print(String.format(
                Locale.ROOT,
                (terminal ? "\r" : "") + "epoch %d/%d [%s%s] %d/%d  loss %.4f (avg %.4f)  %.1f ex/s  ETA %s ",
                step.epoch(),
                epochs,
                "#".repeat(filled),
                ".".repeat(WIDTH - filled),
                step.stepInEpoch(),
                stepsPerEpoch,
                step.loss(),
                average,
                step.examples() / Math.max(step.seconds(), 1e-9),
                clock(secondsPerStep * (totalSteps - step.step()))));
        if (!terminal && !epochEnd) {
            out.println();
        }
        out.flush();
    }

    /** True at the steps that end a quarter of the epoch. */
    private boolean quarterMark(int stepInEpoch) {
        int quarter = Math.max(1, stepsPerEpoch / 4);
        return stepInEpoch % quarter == 0;
    }

    @Override
    public void epochEnded(EpochRecord epoch, boolean best) {
        out.println();
        out.println(String.format(
                Locale.ROOT,
                "epoch %d: train loss %.4f | eval accuracy %.2f%%, macro-F1 %.2f%%, "
                        + "loss %.4f | %.1f s + %.1f s eval%s",
                epoch.epoch(),
                epoch.trainLoss(),
                100 * epoch.eval().accuracy(),
                100 * epoch.eval().macroF1(),
                epoch.eval().loss(),
                epoch.trainSeconds(),
                epoch.evalSeconds(),
                best ? " | best so far, saved" : ""));
        out.flush();
    }

    /** 65 s as "1:05", 3725 s as "1:02:05". */
    static String clock(double seconds) {
        long s = Math.max(0, Math.round(seconds));
        return s >= 3600
                ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
