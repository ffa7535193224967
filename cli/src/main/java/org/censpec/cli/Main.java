package org.censpec.cli;

import java.io.PrintWriter;
import org.censpec.model.UserError;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Entry point of the {@code censpec} command. */
@Command(
        name = "censpec",
        mixinStandardHelpOptions = true,
        version = "censpec " + Main.VERSION,
        description = "Constraint specs for shared DMA buffers: check them, generate the kernel glue.",
        subcommands = {
            CheckCommand.class,
            AlloyCommand.class,
            GenerateCommand.class,
            ReplayCommand.class,
            ProveCommand.class,
            org.censpec.cli.ImportDtCommand.class,
            org.censpec.cli.FmtCommand.class,
            org.censpec.cli.LspCommand.class
        })
public final class Main implements Runnable {
    public static final String VERSION = org.censpec.model.CenspecVersion.VERSION;

    @Option(
            names = "--debug",
            scope = CommandLine.ScopeType.INHERIT,
            description = "Print stack traces of internal errors.")
    boolean debug;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(), "missing command: check, alloy, generate, prove, replay, import-dt, fmt or lsp");
    }

    /** Released when memory runs out, so that the one-line report can still be printed. */
    private static byte[] reserve = new byte[1 << 20];

    public static void main(String[] args) {
        PrintWriter err = new PrintWriter(new TerminalWriter(new java.io.OutputStreamWriter(System.err)), true);
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            reserve = null;
            err.println("censpec: " + Failure.describe(e) + " (in thread " + thread.getName() + ")");
            Runtime.getRuntime().halt(ExitCode.USAGE);
        });
        System.exit(run(args, new PrintWriter(System.out, true), err));
    }

    /**
     * Runs the command line and returns its exit code; never throws. Whatever escapes a
     * command, {@link OutOfMemoryError} and {@link StackOverflowError} included, is one line
     * on {@code err} and {@link ExitCode#USAGE}; a stack trace follows only with --debug. Both
     * writers get only terminal-safe text ({@link TerminalWriter}).
     */
    public static int run(String[] args, PrintWriter rawOut, PrintWriter rawErr) {
        PrintWriter out = new PrintWriter(new TerminalWriter(rawOut), true);
        PrintWriter err = new PrintWriter(new TerminalWriter(rawErr), true);
        Main main = new Main();
        try {
            return execute(main, args, out, err);
        } catch (Throwable t) {
            reserve = null;
            return report(t, main.debug, err);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static int execute(Main main, String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(main);
        cli.setOut(out);
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExitCodeExceptionMapper(e -> ExitCode.USAGE);
        cli.setParameterExceptionHandler((ex, a) -> {
            err.println("censpec: " + ex.getMessage());
            err.println("Try 'censpec " + subcommandName(ex.getCommandLine()) + "--help' for usage.");
            return ExitCode.USAGE;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> report(ex, main.debug, err));
        return cli.execute(args);
    }

    private static int report(Throwable t, boolean debug, PrintWriter err) {
        String hint = Failure.explained(t) || debug ? "" : " (run with --debug for details)";
        err.println("censpec: " + Failure.describe(t) + hint);
        if (debug && !(t instanceof UserError)) {
            t.printStackTrace(err);
        }
        err.flush();
        return ExitCode.USAGE;
    }

    private static String subcommandName(CommandLine cl) {
        return cl.getParent() == null ? "" : cl.getCommandName() + " ";
    }
}
