package dev.cruciblesim.tracing.report;

import dev.cruciblesim.tracing.dtrace.Aggregation;
import dev.cruciblesim.tracing.dtrace.RunEnd;
import dev.cruciblesim.tracing.probe.ProbeRegistry;
import java.util.List;

/**
 * One D script running against the simulated probes: enable it, let the components fire, call
 * {@link #finish}, read {@link #stdout}. Build one with {@link Reports#create}.
 *
 * <p>Threading: probes may fire on any threads while {@link #stdout} is read from another. Firings
 * after {@link #finish} are ignored, as dtrace has stopped tracing.
 *
 * <p>The latency scripts keep start stamps in D associative arrays, where 0 means "unset": an IO
 * that starts at timestamp 0 is not timed, exactly as in D. Start simulated clocks above 0.
 */
public interface DTraceReport {
    /** @return the short name, e.g. {@code perfgw} */
    String name();

    /** @return the script file name dtrace was given, e.g. {@code perfgw.d} */
    String scriptName();

    /** @return whether the script sets {@code #pragma D option quiet} */
    boolean quiet();

    /**
     * Enables every clause of the script, on existing probes and on those created later (dtrace -Z).
     *
     * @return the number of probes matched now, summed over clauses, the END probe included when
     *         the script has an END clause (what dtrace reports as "matched N probes")
     */
    int enable(ProbeRegistry registry);

    /** @return the script's aggregation variables in variable-id order; none for a script without any */
    default List<Aggregation> aggregations() {
        return List.of();
    }

    /** {@link #enableValueRecording(boolean) enableValueRecording(false)}: probes may fire on any threads. */
    default void enableValueRecording() {
        enableValueRecording(false);
    }

    /**
     * Records the raw values of every quantize and lquantize aggregation as well
     * ({@link Aggregation#enableValueRecording(boolean)}), for HdrHistograms and interval logs;
     * call before {@link #enable}, since entries made by earlier firings would have no values.
     *
     * @param singleThreaded true if the caller promises that every firing and every sampling
     *                       happen on one thread (a virtual-time run), which makes recording a
     *                       value a plain histogram update: no recorder, no atomics
     */
    default void enableValueRecording(boolean singleThreaded) {
    }

    /** The run ended without ^C (like {@code exit()}): END clause output, {@code "\n"}, then the unprinted aggregations. */
    default void finish() {
        finish(RunEnd.EXIT);
    }

    /**
     * The run ended as {@code how} says.
     *
     * @throws IllegalStateException on a second call
     */
    void finish(RunEnd how);

    /** @return everything dtrace would have written to stdout so far; thread-safe */
    String stdout();

    /**
     * @return the stderr notice dtrace prints after compiling, without its line terminator, e.g.
     *         {@code dtrace: script 'perfgw.d' matched 6 probes}; null when the script is quiet
     */
    default String matchedNotice(int matched) {
        if (quiet()) {
            return null;
        }
        return "dtrace: script '" + scriptName() + "' matched " + matched + (matched == 1 ? " probe" : " probes");
    }
}
