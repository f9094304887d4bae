package dev.more.train;

import dev.more.nn.optim.LrSchedule;
import java.util.Locale;

/** The learning-rate schedule after linear warmup. */
public enum Schedule {
    /** Linear decay to 0 at the last step. */
    LINEAR,
    /** Half a cosine down to 0 at the last step. */
    COSINE,
    /** Constant after warmup. */
    CONSTANT;

    /** The schedule over {@code totalSteps} steps with {@code warmupSteps} of warmup. */
    public LrSchedule over(long warmupSteps, long totalSteps) {
        return switch (this) {
            case LINEAR -> LrSchedule.linearWithWarmup(warmupSteps, totalSteps);
            case COSINE -> LrSchedule.cosineWithWarmup(warmupSteps, totalSteps);
            case CONSTANT -> step -> step < warmupSteps ? (double) step / warmupSteps : 1.0;
        };
    }

    /** The lower-case name used on the command line and in files. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
