package dev.cruciblesim.tracing.report;

import dev.cruciblesim.tracing.dtrace.Aggregation;
import dev.cruciblesim.tracing.dtrace.DProgram;
import dev.cruciblesim.tracing.dtrace.RunEnd;
import dev.cruciblesim.tracing.probe.Probe;
import dev.cruciblesim.tracing.probe.ProbeConsumer;
import dev.cruciblesim.tracing.probe.ProbeRegistry;
import java.util.List;

/**
 * What every script shares: a {@link DProgram}, its identity, and clause enabling that drops
 * firings once the run has ended. Each clause is its own consumer, enabled with its own probe
 * description, so a probe matched by two clauses runs both, as in D.
 */
abstract class ScriptReport implements DTraceReport {
    /** The upstairs provider glob our scripts use; the {@code *} matches the instance id, as a pid in DTrace. */
    static final String UPSTAIRS = "crucible_upstairs*:::";

    final DProgram program = new DProgram();
    private final String name;
    private final boolean quiet;

    ScriptReport(String name, boolean quiet) {
        this.name = name;
        this.quiet = quiet;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String scriptName() {
        return name + ".d";
    }

    @Override
    public final boolean quiet() {
        return quiet;
    }

    @Override
    public final void finish(RunEnd how) {
        program.end(how, hasEndClause() ? this::endClause : null);
    }

    @Override
    public final List<Aggregation> aggregations() {
        return program.aggregations();
    }

    @Override
    public final void enableValueRecording(boolean singleThreaded) {
        program.enableValueRecording(singleThreaded);
    }

    @Override
    public final String stdout() {
        return program.stdout();
    }

    /** @return whether the script has an END clause; it then also matches the {@code dtrace:::END} probe */
    boolean hasEndClause() {
        return false;
    }

    /** The END clause body. */
    void endClause() {
    }

    /** Enables one clause; the consumer runs only while the program is tracing. */
    final int clause(ProbeRegistry registry, String description, ProbeConsumer body) {
        return registry.enable(description, new TracingGuard(body));
    }

    /**
     * A clause's body, run only while the program is tracing. A class rather than a lambda so that
     * it forwards three-argument firings whole (see {@link ProbeConsumer}).
     */
    private final class TracingGuard implements ProbeConsumer {
        private final ProbeConsumer body;

        TracingGuard(ProbeConsumer body) {
            this.body = body;
        }

        @Override
        public void onFire(Probe probe, long timestampNs, long arg0, long arg1, String str0, String str1) {
            if (program.isTracing()) {
                body.onFire(probe, timestampNs, arg0, arg1, str0, str1);
            }
        }

        @Override
        public void onFire(Probe probe, long timestampNs, long arg0, long arg1, String str0, String str1,
                String str2) {
            if (program.isTracing()) {
                body.onFire(probe, timestampNs, arg0, arg1, str0, str1, str2);
            }
        }
    }

    /** @return the END probe's share of the matched count */
    final int endProbeMatches() {
        return hasEndClause() ? 1 : 0;
    }

    @Override
    public String toString() {
        return scriptName();
    }
}
