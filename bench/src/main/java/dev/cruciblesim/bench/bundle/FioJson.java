package dev.cruciblesim.bench.bundle;

import dev.cruciblesim.bench.harness.RunOutcome;
import dev.cruciblesim.bench.scenario.Scenario;
import dev.cruciblesim.bench.scenario.WorkloadSpec;
import dev.cruciblesim.bench.workload.GuestLatency;
import dev.cruciblesim.bench.workload.WorkloadResult;
import dev.cruciblesim.sim.protocol.IoOp;
import org.HdrHistogram.Histogram;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * fio.json: the run as fio's {@code --output-format=json} would describe one job, so tools that
 * read fio's JSON read ours. One job, named after the scenario. Latencies are the guest's view,
 * from handing the IO to the upstairs to its completion: that is {@code clat_ns} and
 * {@code lat_ns} alike ({@code slat_ns} is zero, as for fio's synchronous engines, since creating
 * an IO and submitting it are one step here). Flushes appear under {@code sync}, as fio reports
 * fsync. Percentiles use fio's default list and key format.
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
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("jobname", scenario.name());
        job.put("groupid", 0);
        job.put("error", outcome.succeeded() ? 0 : 1);
        job.put("job options", jobOptions(scenario.workload(), scenario.volume().blockSizeBytes()));
        WorkloadResult result = outcome.workload();
        long runtimeMs = result == null ? 0 : result.elapsedNs() / 1_000_000;
        GuestLatency latency = result == null ? new GuestLatency() : result.latency();
        job.put("elapsed", runtimeMs / 1000);
        job.put("read", direction(latency, IoOp.READ, result == null ? 0 : result.elapsedNs()));
        job.put("write", direction(latency, IoOp.WRITE, result == null ? 0 : result.elapsedNs()));
        job.put("trim", direction(new GuestLatency(), IoOp.READ, 0));
        Map<String, Object> sync = new LinkedHashMap<>();
        sync.put("total_ios", latency.histogram(IoOp.FLUSH).getTotalCount());
        sync.put("lat_ns", latencyObject(latency.histogram(IoOp.FLUSH), true));
        job.put("sync", sync);
        job.put("job_runtime", runtimeMs);
        root.put("jobs", List.of(job));
        return Json.write(root);
    }

    private static Map<String, Object> jobOptions(WorkloadSpec workload, int blockSizeBytes) {
        // fio writes every option value as a string.
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("rw", workload.rw());
        options.put("rwmixread", Integer.toString(workload.readPercent()));
        options.put("bs", Integer.toString(workload.ioSizeBytes()));
        options.put("iodepth", Integer.toString(workload.queueDepth()));
        options.put("fsync", Integer.toString(workload.fsyncEveryWrites()));
        options.put("ioengine", "crucible-sim");
        options.put("blocksize_volume", Integer.toString(blockSizeBytes));
        return options;
    }

    private static Map<String, Object> direction(GuestLatency latency, IoOp op, long elapsedNs) {
        Histogram histogram = latency.histogram(op);
        long ios = histogram.getTotalCount();
        long bytes = latency.bytes(op);
        double seconds = elapsedNs / 1e9;
        Map<String, Object> direction = new LinkedHashMap<>();
        direction.put("io_bytes", bytes);
        direction.put("io_kbytes", bytes / 1024);
        direction.put("bw_bytes", seconds > 0 ? Math.round(bytes / seconds) : 0);
        direction.put("bw", seconds > 0 ? Math.round(bytes / seconds / 1024) : 0);
        direction.put("iops", seconds > 0 ? ios / seconds : 0.0);
        direction.put("runtime", elapsedNs / 1_000_000);
        direction.put("total_ios", ios);
        direction.put("short_ios", 0);
        direction.put("drop_ios", 0);
        direction.put("slat_ns", zeroLatency());
        direction.put("clat_ns", latencyObject(histogram, true));
        direction.put("lat_ns", latencyObject(histogram, false));
        return direction;
    }

    private static Map<String, Object> latencyObject(Histogram histogram, boolean withPercentiles) {
        Map<String, Object> json = new LinkedHashMap<>();
        long count = histogram.getTotalCount();
        json.put("min", count > 0 ? histogram.getMinValue() : 0);
        json.put("max", count > 0 ? histogram.getMaxValue() : 0);
        json.put("mean", count > 0 ? histogram.getMean() : 0.0);
        json.put("stddev", count > 0 ? histogram.getStdDeviation() : 0.0);
        json.put("N", count);
        if (withPercentiles && count > 0) {
            Map<String, Object> percentiles = new LinkedHashMap<>();
            for (double percentile : LatencyStats.FIO_PERCENTILES) {
                percentiles.put(String.format(Locale.ROOT, "%.6f", percentile), histogram.getValueAtPercentile(percentile));
            }
            json.put("percentile", percentiles);
        }
        return json;
    }

    private static Map<String, Object> zeroLatency() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("min", 0);
        json.put("max", 0);
        json.put("mean", 0.0);
        json.put("stddev", 0.0);
        json.put("N", 0);
        return json;
    }
}
