package dev.more.cli;

import dev.more.kernels.cpu.Parallel;
import picocli.CommandLine.Option;

/** The shared {@code --threads} flag; it must be applied before the first kernel runs. */
final class ThreadsOption {
    @Option(names = "--threads", paramLabel = "N",
            description = "Threads for the compute kernels (default: env MORE_THREADS, else all cores).")
    Integer threads;

    void apply() {
        if (threads != null) {
            if (threads < 1) {
                throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                        "--threads must be at least 1, not " + threads);
            }
            System.setProperty(Parallel.THREADS_PROPERTY, threads.toString());
        }
    }
}
