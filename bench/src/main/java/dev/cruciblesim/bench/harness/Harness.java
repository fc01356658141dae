package dev.cruciblesim.bench.harness;

import java.io.PrintWriter;

/** One run of a scenario in one of the two runtimes. */
public interface Harness {
    /**
     * Runs the scenario to its end.
     *
     * @param err receives dtrace's "matched N probes" notices and progress lines as the run goes
     */
    RunOutcome execute(PrintWriter err) throws InterruptedException;
}
