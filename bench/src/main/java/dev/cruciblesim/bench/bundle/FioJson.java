package dev.cruciblesim.bench.bundle;

import dev.cruciblesim.bench.harness.RunOutcome;
import dev.cruciblesim.bench.workload.JobSpec;
import dev.cruciblesim.bench.scenario.Scenario;
import dev.cruciblesim.bench.workload.GuestLatency;
import dev.cruciblesim.bench.workload.JobResult;
import dev.cruciblesim.bench.workload.MeasuredSpan;
import dev.cruciblesim.bench.workload.WorkloadResult;
import dev.cruciblesim.sim.protocol.IoOp;
import dev.cruciblesim.tracing.stats.LatencyDistribution;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * fio.json: the run as fio's {@code --output-format=json} would describe it, one entry of
 * {@code jobs} per workload job, so tools that read fio's JSON read ours. The three latencies keep
 * fio's meaning with an open loop's intended start as the IO's creation: {@code slat_ns} is the
 * schedule lag (intended start to submission), {@code clat_ns} the service latency (submission to
 * completion) and {@code lat_ns} their sum, the response latency. In a closed loop the lag is 0.
 * Flushes appear under {@code sync}, as fio reports fsync. Percentiles use fio's default list and
 * key format.
 *
 * <p>Latency objects: {@code min}, {@code max}, {@code mean} and {@code N} are exact, as fio's
 * are; {@code stddev} is HdrHistogram's, to its 0.1 %. A {@code percentile} value follows
 * report.json's rule, not fio's bin midpoints: the highest value equivalent to the rank's value,
 * clamped to the exact [{@code min}, {@code max}], so it never exceeds the max (see
 * {@link ReportJson}).
 *
 * <p>Runtime and rates, per job: {@code job_runtime} and a direction's {@code runtime} are the
 * job's measured span ({@link MeasuredSpan}: its first IO's submission to its last IO's
 * completion) in whole milliseconds rounded up, as fio keeps them; a direction that did no IO has
 * runtime 0, as in fio. {@code iops}, {@code bw_bytes} and {@code bw} (KiB/s) are the amount over
 * the exact span, not over the rounded milliseconds, so they equal report.json's
 * {@code jobs[].throughput} (and, for a single job, its {@code throughput}). fio itself writes 0 for
 * the rates of a runtime of 0; here a job with a span of no time has them null, as report.json does,
 * since no rate is defined over no time.
 */
public final class FioJson {
    private FioJson() {
    }

    /**
     * @param timestampEpochS the run's start in seconds since the epoch (fio's {@code timestamp});
     *                        0 for a virtual-time run, whose timeline has no date
     */
    public static String render(Scenario scenario, RunOutcome outcome, String toolVersion, long timestampEpochS) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("fio version", "crucible-sim-" + toolVersion);
        root.put("timestamp", timestampEpochS);
        root.put("timestamp_ms", timestampEpochS * 1000);
        root.put("global options", Map.of());
        List<Object> jobs = new ArrayList<>();
        WorkloadResult result = outcome.workload();
        List<JobSpec> specs = scenario.workload().jobs();
        for (int i = 0; i < specs.size(); i++) {
            JobResult jobResult = result == null || i >= result.jobs().size() ? null : result.jobs().get(i);
            jobs.add(job(specs.get(i), jobResult, outcome.succeeded(), scenario.volume().blockSizeBytes()));
        }
        root.put("jobs", jobs);
        return Json.write(root);
    }

    private static Map<String, Object> job(JobSpec spec, JobResult result, boolean succeeded, int blockSizeBytes) {
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("jobname", spec.name());
        job.put("groupid", 0);
        job.put("error", succeeded ? 0 : 1);
        job.put("job options", jobOptions(spec, blockSizeBytes));
        MeasuredSpan span = result == null ? MeasuredSpan.none() : result.span();
        // fio keeps its runtime in whole milliseconds, rounded up, so that a short job is not 0 ms long.
        long runtimeMs = (span.durationNs() + 999_999) / 1_000_000;
        GuestLatency service = result == null ? new GuestLatency() : result.service();
        GuestLatency response = result == null ? new GuestLatency() : result.response();
        GuestLatency lag = result == null ? new GuestLatency() : result.lag();
        job.put("elapsed", runtimeMs / 1000);
        job.put("read", direction(service, response, lag, IoOp.READ, span, runtimeMs));
        job.put("write", direction(service, response, lag, IoOp.WRITE, span, runtimeMs));
        job.put("trim", direction(new GuestLatency(), new GuestLatency(), new GuestLatency(), IoOp.READ, span,
                runtimeMs));
        Map<String, Object> sync = new LinkedHashMap<>();
        sync.put("total_ios", response.of(IoOp.FLUSH).count());
        sync.put("lat_ns", latencyObject(response.of(IoOp.FLUSH), true));
        job.put("sync", sync);
        job.put("job_runtime", runtimeMs);
        return job;
    }

    private static Map<String, Object> jobOptions(JobSpec spec, int blockSizeBytes) {
        // fio writes every option value as a string.
        Map<String, Object> options = new LinkedHashMap<>();
        if (spec.replay() != null) {
            options.put("read_iolog", String.valueOf(spec.replay().trace().source().getFileName()));
            options.put("replay_no_stall", spec.replay().noStall() ? "1" : "0");
            options.put("replay_time_scale", Integer.toString(spec.replay().timeScalePercent()));
        } else {
            options.put("rw", spec.rw());
            options.put("rwmixread", Integer.toString(spec.readPercent()));
            options.put("bs", spec.blockSizes().describe());
            options.put("random_distribution", spec.distribution().describe());
            options.put("fsync", Integer.toString(spec.fsyncEveryWrites()));
            if (spec.arrivals() != null) {
                options.put("rate", spec.arrivals().describe());
            }
        }
        options.put("iodepth", Integer.toString(spec.ioDepth()));
        options.put("ioengine", "crucible-sim");
        options.put("blocksize_volume", Integer.toString(blockSizeBytes));
        return options;
    }

    /**
     * @param lag       the job's schedule lag (fio's slat slot)
     * @param span      the job's measured span, which every rate is over
     * @param runtimeMs the span as fio keeps a runtime
     */
    private static Map<String, Object> direction(GuestLatency service, GuestLatency response, GuestLatency lag, IoOp op,
            MeasuredSpan span, long runtimeMs) {
        LatencyDistribution clat = service.of(op);
        long ios = clat.count();
        long bytes = service.bytes(op);
        OptionalDouble bytesPerSecond = span.perSecond(bytes);
        Map<String, Object> direction = new LinkedHashMap<>();
        direction.put("io_bytes", bytes);
        direction.put("io_kbytes", bytes / 1024);
        direction.put("bw_bytes", bytesPerSecond.isPresent() ? Math.round(bytesPerSecond.getAsDouble()) : null);
        direction.put("bw", bytesPerSecond.isPresent() ? Math.round(bytesPerSecond.getAsDouble() / 1024) : null);
        direction.put("iops", Json.number(span.perSecond(ios)));
        // As fio: a direction that did no IO has no runtime of its own.
        direction.put("runtime", ios > 0 ? runtimeMs : 0);
        direction.put("total_ios", ios);
        direction.put("short_ios", 0);
        direction.put("drop_ios", 0);
        direction.put("slat_ns", latencyObject(lag.of(op), false));
        direction.put("clat_ns", latencyObject(clat, true));
        direction.put("lat_ns", latencyObject(response.of(op), false));
        return direction;
    }

    /** fio's latency object; min, max and mean are exact, as fio's own are. */
    private static Map<String, Object> latencyObject(LatencyDistribution latency, boolean withPercentiles) {
        Map<String, Object> json = new LinkedHashMap<>();
        long count = latency.count();
        json.put("min", latency.minNs());
        json.put("max", latency.maxNs());
        json.put("mean", latency.meanNs());
        json.put("stddev", latency.stdDeviationNs());
        json.put("N", count);
        if (withPercentiles && count > 0) {
            Map<String, Object> percentiles = new LinkedHashMap<>();
            for (double percentile : LatencyStats.FIO_PERCENTILES) {
                percentiles.put(String.format(Locale.ROOT, "%.6f", percentile), latency.percentileNs(percentile));
            }
            json.put("percentile", percentiles);
        }
        return json;
    }
}
