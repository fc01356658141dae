package dev.cruciblesim.bench.harness;

import dev.cruciblesim.bench.fault.FaultRecord;
import dev.cruciblesim.bench.scenario.Quantities;
import dev.cruciblesim.bench.scenario.Scenario;
import dev.cruciblesim.bench.workload.JobResult;
import dev.cruciblesim.bench.workload.JobSpec;
import dev.cruciblesim.bench.workload.MeasuredSpan;
import dev.cruciblesim.bench.workload.WorkloadResult;
import dev.cruciblesim.tracing.metrics.MetricRecorder;
import dev.cruciblesim.tracing.probe.ProbeRegistry;
import dev.cruciblesim.tracing.report.DTraceReport;
import dev.cruciblesim.tracing.report.Reports;
import dev.cruciblesim.tracing.stats.LatencyDistribution;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/** What both runtimes do the same way around a run: the reports and metrics they enable and the summary they print. */
public final class RunSetup {
    private RunSetup() {
    }

    /**
     * The scenario's reports with their metric recorder, and the user's D scripts, all enabled on {@code registry}.
     * The scripts stay out of the metric recorder: their aggregations are the user's, with no metric names.
     */
    public record EnabledReports(List<DTraceReport> reports, MetricRecorder metrics, RunScripts scripts) {
        /**
         * Ends the reports, then the scripts (their END clauses and end-of-run output).
         *
         * @param stopRequested whether the run was asked to stop early (a signal, or a script's exit())
         * @return the reports then the scripts, in the order their output is printed
         */
        public List<DTraceReport> finish(boolean stopRequested) {
            for (DTraceReport report : reports) {
                report.finish();
            }
            scripts.finish(stopRequested);
            List<DTraceReport> all = new ArrayList<>(reports);
            all.addAll(scripts.consumers());
            return all;
        }
    }

    /**
     * Creates the reports, attaches the metric recorder, enables them, then the user's scripts (running their BEGIN
     * clauses), and prints dtrace's notices, in that order.
     *
     * @param singleThreaded whether every probe fires, and every interval is sampled, on one thread
     *                       (virtual time): recording then needs no atomics
     * @throws RunScripts.CompileError when a script's description matches none of {@code registry}'s probes
     *                                  (without -Z)
     */
    public static EnabledReports enableReports(Scenario scenario, ProbeRegistry registry, PrintWriter err,
            boolean singleThreaded, RunScripts scripts) {
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
        scripts.enable(registry, err);
        err.flush();
        return new EnabledReports(reports, metrics, scripts);
    }

    /** Adds the workload's failures to a run's, saying how many were not kept verbatim. */
    public static void addWorkloadFailures(WorkloadResult result, List<String> failures) {
        failures.addAll(result.failures());
        if (result.failureCount() > result.failures().size()) {
            failures.add((result.failureCount() - result.failures().size()) + " more failures not shown");
        }
    }

    /**
     * The summary both runtimes print: what ran, over what span, how fast, verification, final
     * state; then, when the workload has several jobs or an open loop, one line per job with its
     * rate, latencies and lag; last, for an interrupted run, a line saying so. Spans and rates are
     * {@link MeasuredSpan}'s, the ones report.json and fio.json give; a rate over no time prints as
     * "n/a".
     *
     * @param interrupted whether a stop request cut the workload short
     * @param failures    the run's failures: an interrupted run claims to have drained only without any
     */
    public static String summarize(Scenario scenario, WorkloadResult result, String status, String clockName,
            boolean interrupted, List<String> failures) {
        String summary = summarize(scenario, result, status, clockName);
        if (!interrupted) {
            return summary;
        }
        return summary + String.format("%ncrucible-sim: interrupted: no IO was issued after the stop request%s",
                failures.isEmpty() ? "; what was in flight drained and the final flush ran" : "");
    }

    private static String summarize(Scenario scenario, WorkloadResult result, String status, String clockName) {
        if (result == null) {
            return "crucible-sim: no IO was run";
        }
        List<JobSpec> jobs = scenario.workload().jobs();
        String shape = jobs.size() == 1 ? "job " + jobs.get(0).name() + " at iodepth " + jobs.get(0).ioDepth()
                : jobs.size() + " jobs";
        StringBuilder summary = new StringBuilder(String.format(Locale.ROOT,
                "crucible-sim: %d IOs (%d reads, %d writes, %d flushes) in %s of %s time = %s IOPS, %s,"
                        + " then 1 final flush; %s; final state %s",
                result.totalIos(), result.reads(), result.writes(), result.flushes(),
                Quantities.showNs(result.elapsedNs()), clockName, perSecond(result.span(), result.totalIos()), shape,
                scenario.workload().verifies() ? result.verifiedReads() + " reads verified" : "verification off",
                status));
        boolean detailed = jobs.size() > 1 || jobs.stream().anyMatch(JobSpec::openLoop);
        for (JobResult job : detailed ? result.jobs() : List.<JobResult>of()) {
            LatencyDistribution response = job.response().allOperations();
            LatencyDistribution service = job.service().allOperations();
            LatencyDistribution lag = job.lag().allOperations();
            summary.append(String.format(Locale.ROOT,
                    "%ncrucible-sim: job %s: %d IOs (%d reads, %d writes, %d flushes) = %s IOPS; service p50 %s"
                            + " p99 %s; response p50 %s p99 %s; lag p99 %s max %s; %d unissued",
                    job.name(), job.totalIos(), job.reads(), job.writes(), job.flushes(),
                    perSecond(job.span(), job.totalIos()),
                    Quantities.showNs(service.percentileNs(50)), Quantities.showNs(service.percentileNs(99)),
                    Quantities.showNs(response.percentileNs(50)), Quantities.showNs(response.percentileNs(99)),
                    Quantities.showNs(lag.percentileNs(99)), Quantities.showNs(lag.maxNs()), job.unissued()));
            if (job.skippedTrims() > 0) {
                summary.append("; ").append(job.skippedTrims()).append(" trims skipped (Crucible has no trim)");
            }
        }
        return summary.toString();
    }

    /**
     * @param originNs the run's time origin for fault times: when the volume went active
     * @return the summary with one line per injected fault, and the faults as report.json lists them in {@code json}
     */
    public static String withFaults(String summary, List<FaultRecord> records, long originNs,
            List<Map<String, Object>> json) {
        StringBuilder text = new StringBuilder(summary);
        for (FaultRecord record : records) {
            text.append(String.format("%ncrucible-sim: ")).append(record.summaryLine(originNs));
            json.add(record.describe(originNs));
        }
        return text.toString();
    }

    /** @return the rate as the summary prints it, "n/a" over a span of no time, where no rate is defined */
    private static String perSecond(MeasuredSpan span, long amount) {
        OptionalDouble rate = span.perSecond(amount);
        return rate.isPresent() ? String.format(Locale.ROOT, "%.0f", rate.getAsDouble()) : "n/a";
    }
}
