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

    String firstErrLine() {
        return err.lines().findFirst().orElse("");
    }
}
