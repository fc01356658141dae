package dev.cruciblesim.bench.harness;

import dev.cruciblesim.bench.scenario.Scenario;
import dev.cruciblesim.bench.scenario.WorkloadSpec;
import dev.cruciblesim.bench.workload.RandomMixConfig;
import dev.cruciblesim.bench.workload.WorkloadResult;
import dev.cruciblesim.sim.random.SeedStreams;
import dev.cruciblesim.tracing.metrics.MetricRecorder;
import dev.cruciblesim.tracing.probe.ProbeRegistry;
import dev.cruciblesim.tracing.report.DTraceReport;
import dev.cruciblesim.tracing.report.Reports;
import dev.cruciblesim.upstairs.core.UpstairsConfig;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What both runtimes build the same way from a scenario: ids, seeds, configs, reports and metrics. */
public final class RunSetup {
    /** Instance ids play DTrace's pid: the upstairs is 1, downstairs client c is 10 + c. */
    public static final long UPSTAIRS_INSTANCE_ID = 1;
    public static final long DOWNSTAIRS_INSTANCE_ID_BASE = 10;

    private RunSetup() {
    }

    public static UpstairsConfig upstairsConfig(Scenario scenario) {
        return UpstairsConfig.revisionO(UPSTAIRS_INSTANCE_ID)
                .withStatusIntervalNs(scenario.upstairs().statusIntervalNs())
                .withFlushTimeoutNs(scenario.upstairs().flushTimeoutNs())
                .withMaxInFlightPerClient(scenario.upstairs().maxInFlightPerClient());
    }

    public static RandomMixConfig workloadConfig(Scenario scenario, SeedStreams streams) {
        WorkloadSpec spec = scenario.workload();
        return new RandomMixConfig(spec.ioSizeBytes() / scenario.volume().blockSizeBytes(), spec.readPercent(),
                spec.fsyncEveryWrites(), spec.flushShare(), spec.queueDepth(), spec.runtimeNs(), spec.numberIos(),
                streams.seedOf("workload"));
    }

    /** The scenario's reports with their metric recorder, both enabled on {@code registry}. */
    public record EnabledReports(List<DTraceReport> reports, MetricRecorder metrics) {
    }

    /**
     * Creates the reports, attaches the metric recorder, enables them and prints dtrace's notices.
     *
     * @param singleThreaded whether every probe fires, and every interval is sampled, on one thread
     *                       (virtual time): recording then needs no atomics
     */
    public static EnabledReports enableReports(Scenario scenario, ProbeRegistry registry, PrintWriter err,
            boolean singleThreaded) {
        List<DTraceReport> reports = new ArrayList<>();
        for (String name : scenario.reports()) {
            reports.add(Reports.create(name));
        }
        MetricRecorder metrics = new MetricRecorder(reports, singleThreaded);
        for (DTraceReport report : reports) {
            String notice = report.matchedNotice(report.enable(registry));
            if (notice != null) {
                err.println(notice);
            }
        }
        err.flush();
        return new EnabledReports(reports, metrics);
    }

    /** Adds the workload's failures to a run's, saying how many were not kept verbatim. */
    public static void addWorkloadFailures(WorkloadResult result, List<String> failures) {
        failures.addAll(result.failures());
        if (result.failureCount() > result.failures().size()) {
            failures.add((result.failureCount() - result.failures().size()) + " more failures not shown");
        }
    }

    /** The summary line both runtimes print: what ran, how fast, verification, final state. */
    public static String summarize(Scenario scenario, WorkloadResult result, String status, String clockName) {
        if (result == null) {
            return "crucible-sim: no IO was run";
        }
        double seconds = result.elapsedNs() / 1e9;
        return String.format(Locale.ROOT,
                "crucible-sim: %d IOs (%d reads, %d writes, %d flushes) in %.3f s of %s time = %.0f IOPS at queue"
                        + " depth %d, then 1 final flush; %s; final state %s",
                result.totalIos(), result.reads(), result.writes(), result.flushes(), seconds, clockName,
                seconds > 0 ? result.totalIos() / seconds : 0.0, scenario.workload().queueDepth(),
                scenario.workload().verify() ? result.verifiedReads() + " reads verified" : "verification off",
                status);
    }
}
