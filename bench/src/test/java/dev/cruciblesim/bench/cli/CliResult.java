package dev.cruciblesim.bench.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** What one in-process {@code crucible-sim} command line gave: its exit code and everything it printed. */
record CliResult(int exitCode, String out, String err) {
    /** Runs {@code args} through {@link CrucibleSim#execute}, leaving SIGINT alone. */
    static CliResult execute(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = CrucibleSim.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new CliResult(exitCode, out.toString(), err.toString());
    }

    /** Runs {@code run OPTIONS --out outDirectory}, so that a test's bundles stay in its own directory. */
    static CliResult run(java.nio.file.Path outDirectory, String... options) {
        String[] args = new String[options.length + 3];
        args[0] = "run";
        System.arraycopy(options, 0, args, 1, options.length);
        args[args.length - 2] = "--out";
        args[args.length - 1] = outDirectory.toString();
        return execute(args);
    }

    String firstErrLine() {
        return err.lines().findFirst().orElse("");
    }
}
