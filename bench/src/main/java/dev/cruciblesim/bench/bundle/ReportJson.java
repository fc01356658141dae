package dev.cruciblesim.bench.bundle;

import dev.cruciblesim.bench.harness.RunOutcome;
import dev.cruciblesim.bench.scenario.Scenario;
import dev.cruciblesim.bench.workload.GuestLatency;
import dev.cruciblesim.bench.workload.JobResult;
import dev.cruciblesim.bench.workload.MeasuredSpan;
import dev.cruciblesim.bench.workload.WorkloadResult;
import dev.cruciblesim.sim.protocol.IoOp;
import dev.cruciblesim.tracing.metrics.MetricSummary;
import dev.cruciblesim.tracing.stats.LatencyDistribution;
import dev.cruciblesim.tracing.stats.LatencyHistograms;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * report.json: everything a run measured, and nothing about the machine it ran on, so that a
 * virtual-time run repeats byte for byte. Durations are nanoseconds, keys carry their units.
 *
 * <p>Latency statistics, the same for a metric and for the guest's latencies: {@code count},
 * {@code min_ns}, {@code max_ns} and {@code mean_ns} are exact (kept as the values were recorded,
 * not read back from the histogram); {@code stddev_ns} of a guest latency is HdrHistogram's, to its
 * 0.1 %. {@code percentiles_ns} follow one rule ({@link LatencyHistograms#valueAtPercentile}): the
 * highest value equivalent to the value of the percentile's rank, clamped to the exact
 * [{@code min_ns}, {@code max_ns}]. So a percentile is never below the true value of its rank nor
 * above the max, and is exact below 2,048 ns and where the rank's value is the max (a constant
 * latency gives every percentile as that latency); elsewhere it is at most 0.1 % high.
 * {@code hdr_histogram} holds the histogram itself.
 *
 * <p>Span and rates ({@link MeasuredSpan}): {@code workload.elapsed_ns} and {@code jobs[].elapsed_ns}
 * are the measured span, a job's from its first IO's submission to its last IO's completion, the
 * run's the union of its jobs' (first submission of any to last completion of any). Each rate in
 * {@code throughput} (the run's) and {@code jobs[].throughput} (the job's) is {@code ios} or
 * {@code bytes} over that span in seconds: the same numbers as the summary's IOPS and fio.json's
 * {@code iops}. Over a span of no time (no IO completed, or all of it at one instant of virtual
 * time) a rate is undefined and written as null, never 0.
 *
 * <p>Schema history: version 1 is the first. Version 2: {@code iops} and {@code bytes_per_second}
 * may be null (they were 0 over no time); {@code elapsed_ns} is the measured span (it was from the
 * workload's start to the run's end, longer for a run that failed while IO was outstanding);
 * {@code jobs[].throughput} is new; guest latencies' {@code min_ns}, {@code max_ns} and
 * {@code mean_ns} are exact and every {@code percentiles_ns} is clamped to them (they were
 * HdrHistogram's bucket values, and a percentile could exceed the max); {@code interrupted} is new
 * (keys are only ever added within a version, so readers ignore what they do not know). Version 3: the
 * provenance beside {@code scenario_name}: {@code commit} (the short commit the jar was built from, or "unknown")
 * and {@code dirty} (true, false, or null when unknown), as {@link BuildInfo} has them, and {@code scenario_hash}
 * ({@link ScenarioHash}: the resolved scenario without its seed), so that a comparison can tell which code made a
 * report and whether two reports ran the same scenario. The build is not a fact about the machine, so report.json
 * still repeats byte for byte for one jar, scenario and seed.
 */
public final class ReportJson {
    public static final String SCHEMA = "crucible-sim.report";
    public static final int SCHEMA_VERSION = 3;

    private ReportJson() {
    }

    /** @return report.json of a run of this build ({@link BuildInfo#current()}) */
    public static String render(Scenario scenario, RunOutcome outcome) {
        return render(scenario, outcome, BuildInfo.current());
    }

    /** @param build the build to name as the report's maker (a fixed one keeps committed baselines commit-free) */
    public static String render(Scenario scenario, RunOutcome outcome, BuildInfo build) {
        return Json.write(build(scenario, outcome, build));
    }

    static Map<String, Object> build(Scenario scenario, RunOutcome outcome, BuildInfo build) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("schema", SCHEMA);
        root.put("schema_version", SCHEMA_VERSION);
        root.put("scenario_name", scenario.name());
        root.put("commit", build.commit());
        root.put("dirty", build.dirty());
        root.put("scenario_hash", ScenarioHash.of(scenario));
        root.put("seed", scenario.seed());
        root.put("clock", scenario.clock().name().toLowerCase(java.util.Locale.ROOT));
        root.put("succeeded", outcome.succeeded());
        root.put("interrupted", outcome.interrupted());
        root.put("failures", outcome.failures());
        root.put("summary", outcome.summary());
        WorkloadResult result = outcome.workload();
        if (result != null) {
            root.put("workload", workload(result));
            root.put("throughput", throughput(result.reads(), result.writes(), result.flushes(), result.latency(),
                    result.span()));
            root.put("guest_latency", guestLatency(result.latency()));
            List<Object> jobs = new ArrayList<>();
            for (JobResult job : result.jobs()) {
                jobs.add(job(job));
            }
            root.put("jobs", jobs);
        }
        List<Object> metrics = new ArrayList<>();
        for (MetricSummary metric : outcome.metrics()) {
            metrics.add(metric(metric));
        }
        root.put("metrics", metrics);
        root.put("faults", outcome.faults());
        if (!outcome.cpuTimeNs().isEmpty()) {
            // Real time only: virtual time's report.json holds nothing the machine decides.
            root.put("cpu_time_ns", outcome.cpuTimeNs());
        }
        root.put("final_status", parseStatus(outcome.finalStatusJson()));
        root.put("scenario", scenario.describe());
        return root;
    }

    private static Map<String, Object> workload(WorkloadResult result) {
        Map<String, Object> workload = new LinkedHashMap<>();
        workload.put("reads", result.reads());
        workload.put("writes", result.writes());
        workload.put("flushes", result.flushes());
        workload.put("total_ios", result.totalIos());
        workload.put("verified_reads", result.verifiedReads());
        workload.put("elapsed_ns", result.elapsedNs());
        return workload;
    }

    /** One job: counts, then fio's three latencies: service (clat), response (lat) and schedule lag (slat). */
    private static Map<String, Object> job(JobResult job) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", job.name());
        json.put("reads", job.reads());
        json.put("writes", job.writes());
        json.put("flushes", job.flushes());
        json.put("total_ios", job.totalIos());
        json.put("verified_reads", job.verifiedReads());
        json.put("unissued", job.unissued());
        json.put("skipped_trims", job.skippedTrims());
        json.put("elapsed_ns", job.elapsedNs());
        json.put("throughput", throughput(job.reads(), job.writes(), job.flushes(), job.service(), job.span()));
        json.put("service_latency", guestLatency(job.service()));
        json.put("response_latency", guestLatency(job.response()));
        json.put("lag", guestLatency(job.lag()));
        return json;
    }

    /** @param moved whose bytes are the ones moved: any of the latencies, each records every IO's size */
    private static Map<String, Object> throughput(long reads, long writes, long flushes, GuestLatency moved,
            MeasuredSpan span) {
        Map<String, Object> throughput = new LinkedHashMap<>();
        long totalBytes = 0;
        for (IoOp op : IoOp.values()) {
            long ios = op == IoOp.READ ? reads : op == IoOp.WRITE ? writes : flushes;
            long bytes = moved.bytes(op);
            totalBytes += bytes;
            throughput.put(op.probeName(), rates(ios, bytes, span));
        }
        throughput.put("total", rates(reads + writes + flushes, totalBytes, span));
        return throughput;
    }

    private static Map<String, Object> rates(long ios, long bytes, MeasuredSpan span) {
        Map<String, Object> rates = new LinkedHashMap<>();
        rates.put("ios", ios);
        rates.put("bytes", bytes);
        rates.put("iops", Json.number(span.perSecond(ios)));
        rates.put("bytes_per_second", Json.number(span.perSecond(bytes)));
        return rates;
    }

    private static Map<String, Object> guestLatency(GuestLatency latency) {
        Map<String, Object> byOp = new LinkedHashMap<>();
        for (IoOp op : IoOp.values()) {
            byOp.put(op.probeName(), stats(latency.of(op)));
        }
        return byOp;
    }

    private static Map<String, Object> stats(LatencyDistribution latency) {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("count", latency.count());
        if (latency.count() > 0) {
            stats.put("min_ns", latency.minNs());
            stats.put("max_ns", latency.maxNs());
            stats.put("mean_ns", latency.meanNs());
            stats.put("stddev_ns", latency.stdDeviationNs());
            stats.put("percentiles_ns", LatencyStats.percentiles(latency::percentileNs));
            stats.put("hdr_histogram", LatencyStats.compressedBase64(latency.histogram()));
        }
        return stats;
    }

    private static Map<String, Object> metric(MetricSummary metric) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("report", metric.id().report());
        json.put("aggregation", metric.id().aggregation());
        json.put("key", metric.id().key());
        json.put("tag", metric.id().tag());
        json.put("count", metric.count());
        json.put("min_ns", metric.minNs());
        json.put("max_ns", metric.maxNs());
        json.put("mean_ns", metric.meanNs());
        json.put("sum_ns", metric.sumNs());
        json.put("percentiles_ns", LatencyStats.percentiles(percentile -> LatencyHistograms.valueAtPercentile(
                metric.histogram(), percentile, metric.minNs(), metric.maxNs())));
        List<Object> buckets = new ArrayList<>();
        metric.powerOfTwoBuckets().forEach((lowerNs, count) -> buckets.add(List.of(lowerNs, count)));
        json.put("buckets", buckets);
        if (metric.clampedCount() > 0 || metric.negativeCount() > 0) {
            json.put("clamped_count", metric.clampedCount());
            json.put("negative_count", metric.negativeCount());
        }
        json.put("hdr_histogram", LatencyStats.compressedBase64(metric.histogram()));
        return json;
    }

    private static Object parseStatus(String statusJson) {
        if (statusJson == null || statusJson.isEmpty()) {
            return null;
        }
        try {
            return Json.parse(statusJson);
        } catch (IOException e) {
            return statusJson;
        }
    }
}
