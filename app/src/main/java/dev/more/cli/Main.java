package dev.more.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code more} command. Exit codes: 0 on success, 2 on bad usage, 1 on failure; bad usage and
 * failures print one line, a failure its stack trace too with {@code --verbose}.
 */
@Command(name = "more", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Fine-tune transformers with MoRe (Monarch Rectangular) and LoRA adapters, in pure Java.",
        subcommands = {DemoCommand.class, FinetuneCommand.class, EvalCommand.class, PredictCommand.class,
                MergeCommand.class, ParamsCommand.class, EmbedCommand.class, ExplainCommand.class,
                CommandLine.HelpCommand.class})
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
            failed.getErr().println("error: " + exception.getMessage() + " (see '"
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
                failed.getErr().println("error: " + message + " (--verbose shows the stack trace)");
            }
            return CommandLine.ExitCode.SOFTWARE;
        });
        return commandLine.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is needed, e.g. 'more demo'");
    }
}
