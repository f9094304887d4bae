package dev.more.nn;

/** A strict {@link Module#loadStateDict} found keys or shapes that do not match; nothing was loaded. */
public final class StateDictException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final transient LoadReport report;

    /** The failure described by {@code report}. */
    public StateDictException(LoadReport report) {
        super("state dict does not match the module: " + report);
        this.report = report;
    }

    /** Everything that did not match. */
    public LoadReport report() {
        return report;
    }
}
