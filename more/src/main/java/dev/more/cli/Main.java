package dev.more.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code more} command. Exit codes: 0 on success, 2 on bad usage, 1 on failure; bad usage and
 * failures print one line, a failure its stack trace too with {@code --verbose}.
 */
@Command(
        name = "more",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Fine-tune transformers with MoRe (Monarch Rectangular) and LoRA adapters, in pure Java.",
        subcommands = {
            DemoCommand.class,
            FinetuneCommand.class,
            EvalCommand.class,
            PredictCommand.class,
            MergeCommand.class,
            ParamsCommand.class,
            EmbedCommand.class,
            ExplainCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {
    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print stack traces of failures.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the command line, writing to {@code out} and {@code err}; returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setParameterExceptionHandler((exception, arguments) -> {
            CommandLine failed = exception.getCommandLine();
            // Picocli reports missing required options before unknown ones, but a mistyped flag is the likelier
            // cause of both: report it first.
            String message = exception instanceof CommandLine.MissingParameterException
                            && !failed.getUnmatchedArguments().isEmpty()
                    ? new CommandLine.UnmatchedArgumentException(failed, failed.getUnmatchedArguments()).getMessage()
                    : exception.getMessage();
            failed.getErr()
                    .println("error: " + message + " (see '"
                            + failed.getCommandSpec().qualifiedName() + " --help')");
            return failed.getCommandSpec().exitCodeOnInvalidInput();
        });
        commandLine.setExecutionExceptionHandler((exception, failed, parseResult) -> {
            boolean verbose = parseResult.hasMatchedOption("--verbose");
            String message = exception.getMessage() == null ? exception.toString() : exception.getMessage();
            if (verbose) {
                failed.getErr().println("error: " + message);
                exception.printStackTrace(failed.getErr());
            } else {
                failed.getErr().println("error: " + firstLine(message));
            }
            return CommandLine.ExitCode.SOFTWARE;
        });
        return commandLine.execute(args);
    }

    /**
     * A failure's message as the one line printed without {@code --verbose}: the message's first line, and what
     * {@code --verbose} adds (messages that list several problems have one per line).
     */
    private static String firstLine(String message) {
        List<String> lines = message.lines().toList();
        if (lines.size() <= 1) {
            return message + " (--verbose shows the stack trace)";
        }
        return lines.getFirst() + " (--verbose shows the other " + (lines.size() - 1) + " lines and the stack trace)";
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is needed, e.g. 'more demo'");
    }
}
