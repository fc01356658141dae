package dev.cruciblesim.bench.cli;

import dev.cruciblesim.bench.scenario.ScenarioException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * {@code crucible-sim}: the root command. Exit codes: 0 ok, 1 a failed run or verification, 2 bad
 * input, 130 a run that SIGINT cut short (its reports and bundle complete; a failure still gives 1).
 */
@Command(name = "crucible-sim", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "A latency-research harness for a Crucible-style replicated block store: one upstairs "
                + "replicates every read, write and flush to three downstairs, fires Crucible's DTrace probes at "
                + "every stage, and prints the reports of Crucible's DTrace scripts.",
        subcommands = {RunCommand.class, CompareCommand.class, JmhCommand.class, DownstairsCommand.class,
            ProbesCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the run completed and every read verified (compare: no --fail-on rule tripped)",
            "1:the run failed (an IO error, a read mismatch, a hang; compare: a --fail-on rule tripped)",
            "2:bad input (an unknown option, a value out of range)",
            "130:interrupted by ^C (SIGINT): the reports and the bundle are complete, the workload stopped short "
                    + "of its limit (a run that also failed exits 1)",
            "143:ended by SIGTERM, as by ^C: the reports and the bundle are complete"})
public final class CrucibleSim implements Runnable {
    public static final int EXIT_OK = 0;
    public static final int EXIT_RUN_FAILED = 1;
    public static final int EXIT_BAD_INPUT = 2;
    public static final int EXIT_INTERRUPTED = InterruptSignal.EXIT_INTERRUPTED;
    /** What a shell reports for SIGTERM, 128 + 15: a run a kill ended whole, its reports and bundle complete. */
    public static final int EXIT_TERMINATED = 143;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required (try 'run')");
    }

    public static void main(String[] args) {
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(execute(args, new PrintWriter(System.out, true), err, InterruptSignal.SIGINT, true));
    }

    /**
     * Runs the command line with the given streams, leaving SIGINT to the JVM; the seam the CLI
     * tests use.
     */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        return execute(args, out, err, InterruptSignal.NONE, false);
    }

    /** @param ownProcess whether this run is the process's (main's): then SIGINT and every thread's errors are ours */
    private static int execute(String[] args, PrintWriter out, PrintWriter err, InterruptSignal.Installer sigint,
            boolean ownProcess) {
        CommandLine commandLine = new CommandLine(new CrucibleSim());
        RunCommand run = commandLine.getSubcommands().get("run").getCommand();
        run.sigint = sigint;
        run.sigterm = ownProcess ? InterruptSignal.SIGTERM : InterruptSignal.NONE;
        DownstairsRunCommand downstairsRun = commandLine.getSubcommands().get("downstairs").getSubcommands().get("run")
                .getCommand();
        downstairsRun.sigint = sigint;
        downstairsRun.sigterm = ownProcess ? InterruptSignal.SIGTERM : InterruptSignal.NONE;
        if (ownProcess) {
            OutOfMemory.guardProcess(() -> run.resolved, err);
        }
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setParameterExceptionHandler(CrucibleSim::onBadInput);
        commandLine.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            cmd.getErr().println("crucible-sim: " + ex.getMessage());
            return EXIT_RUN_FAILED;
        });
        int exitCode;
        try {
            exitCode = commandLine.execute(args);
        } catch (OutOfMemoryError e) {
            OutOfMemory.report(run.resolved, err);
            exitCode = EXIT_RUN_FAILED;
        }
        out.flush();
        err.flush();
        return exitCode;
    }

    /** One line naming the problem, and where to read more; not the whole usage text. */
    private static int onBadInput(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("crucible-sim: " + inWords(ex));
        if (!(ex.getCause() instanceof ScenarioException)) {
            // A scenario error already names its file, line and key; the usage text would not help.
            err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for the options.");
        }
        return EXIT_BAD_INPUT;
    }

    /**
     * picocli's own words, except where they name an index instead of the mistake: an unknown
     * command, and a second scenario file.
     */
    private static String inWords(CommandLine.ParameterException ex) {
        if (!(ex instanceof CommandLine.UnmatchedArgumentException unmatched) || unmatched.isUnknownOption()
                || unmatched.getUnmatched().isEmpty()) {
            return ex.getMessage();
        }
        CommandLine cmd = ex.getCommandLine();
        String first = unmatched.getUnmatched().get(0);
        if (cmd.getParent() == null) {
            return "unknown command '" + first + "'; the commands are " + String.join(", ",
                    cmd.getSubcommands().keySet());
        }
        Object scenario = cmd.getParseResult() == null ? null : cmd.getParseResult().matchedPositionalValue(0, null);
        return cmd.getCommandName() + " takes one scenario file" + (scenario == null ? "" : ", '" + scenario + "'")
                + "; '" + first + "' is a second";
    }
}
