package dev.more.cli;

import dev.more.kernels.cpu.Parallel;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The shared {@code --threads} flag. */
final class ThreadsOption {
    @Option(
            names = "--threads",
            paramLabel = "N",
            description = "Threads for the compute kernels (default: env MORE_THREADS, else all cores).")
    Integer threads;

    /** Sets the engine's thread count when the flag was given; {@code command} reports bad values. */
    void apply(CommandLine command) {
        if (threads == null) {
            return;
        }
        if (threads < 1) {
            throw new CommandLine.ParameterException(command, "--threads must be at least 1, not " + threads);
        }
        Parallel.setThreads(threads);
    }
}
