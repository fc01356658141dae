package dev.cruciblesim.bench.harness;

import dev.cruciblesim.bench.workload.StopRequest;

import java.io.PrintWriter;

/** One run of a scenario in one of the two runtimes. */
public interface Harness {
    /**
     * Runs the scenario to its end.
     *
     * @param err receives dtrace's "matched N probes" notices and progress lines as the run goes
     */
    default RunOutcome execute(PrintWriter err) throws InterruptedException {
        return execute(err, new StopRequest());
    }

    /**
     * Runs the scenario to its end, or, once {@code stop} is requested, stops issuing IO and ends as
     * a run that reached its limit does: drained, flushed, its reports complete, the outcome marked
     * {@linkplain RunOutcome#interrupted() interrupted}.
     *
     * @param err receives dtrace's "matched N probes" notices and progress lines as the run goes
     */
    RunOutcome execute(PrintWriter err, StopRequest stop) throws InterruptedException;
}
