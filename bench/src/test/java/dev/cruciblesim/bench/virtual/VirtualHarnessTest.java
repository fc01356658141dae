package dev.cruciblesim.bench.virtual;

import dev.cruciblesim.bench.bundle.ReportJson;
import dev.cruciblesim.bench.harness.RunOutcome;
import dev.cruciblesim.bench.scenario.Scenario;
import dev.cruciblesim.bench.scenario.ScenarioLoader;
import dev.cruciblesim.sim.protocol.IoOp;
import dev.cruciblesim.tracing.metrics.MetricInterval;
import dev.cruciblesim.tracing.metrics.MetricSummary;
import dev.cruciblesim.tracing.report.DTraceReport;
import dev.cruciblesim.tracing.stats.LatencyCounts;
import dev.cruciblesim.tracing.stats.LatencyDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VirtualHarnessTest {
    private static Scenario scenario(String yaml) {
        return ScenarioLoader.loadText(yaml, "test.yaml", Path.of("."), List.of());
    }

    private static RunOutcome run(Scenario scenario, List<MetricInterval> intervals) {
        // Intervals are valid only during the call: keep copies.
        RunOutcome outcome = new VirtualHarness(scenario, sampled -> sampled.forEach(i -> {
            LatencyCounts copy = new LatencyCounts();
            copy.add(i.counts());
            intervals.add(new MetricInterval(i.id(), i.startNs(), i.endNs(), copy));
        }), null).execute(new PrintWriter(new StringWriter()));
        assertTrue(outcome.succeeded(), () -> "run failed: " + outcome.failures());
        return outcome;
    }

    private static RunOutcome run(Scenario scenario) {
        return run(scenario, new ArrayList<>());
    }

    private static MetricSummary metric(RunOutcome outcome, String report, List<Object> key) {
        return outcome.metrics().stream()
                .filter(m -> m.id().report().equals(report) && m.id().key().equals(key))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no metric " + report + " " + key + " in "
                        + outcome.metrics().stream().map(m -> m.id().label()).toList()));
    }

    private static String stdout(RunOutcome outcome) {
        StringBuilder text = new StringBuilder();
        for (DTraceReport report : outcome.reports()) {
            text.append(report.stdout());
        }
        return text.toString();
    }

    private static final String CONSTANT_MODELS = String.join("\n",
            "clock: virtual",
            "volume: {block_size: 4096, extent_size: 64, extent_count: 4}",
            "downstairs:",
            "  all:",
            "    link: {to_downstairs: 10us, to_upstairs: 15us}",
            "    service:",
            "      read: {fixed: 20us, per_byte_ns: 0.5}",
            "      write: {fixed: 30us}",
            "      flush: {fixed: 100us}",
            "workload: {rw: randrw, rwmixread: 50, bs: 4k, iodepth: 1, fsync: 4, number_ios: 400, runtime: 0}",
            "");

    @Test
    void withConstantLatenciesAtQueueDepthOneEveryLatencyIsTheModelsSum() {
        RunOutcome outcome = run(scenario(CONSTANT_MODELS));

        long readNs = 10_000 + 20_000 + 4096 / 2 + 15_000;
        long writeNs = 10_000 + 30_000 + 15_000;
        long flushNs = 10_000 + 100_000 + 15_000;
        for (String op : List.of("read", "write", "flush")) {
            long expectedNs = op.equals("read") ? readNs : op.equals("write") ? writeNs : flushNs;
            MetricSummary guest = metric(outcome, "perfgw", List.of(op));
            assertEquals(expectedNs, guest.minNs(), op);
            assertEquals(expectedNs, guest.maxNs(), op);
            for (long client = 0; client < 3; client++) {
                MetricSummary perClient = metric(outcome, "perfdw", List.of(op + " for downstairs client", client));
                assertEquals(expectedNs, perClient.minNs(), op + " client " + client);
                assertEquals(expectedNs, perClient.maxNs(), op + " client " + client);
                assertEquals(Map.of(Long.highestOneBit(expectedNs), perClient.count()),
                        perClient.powerOfTwoBuckets(), op + " client " + client + " quantize bucket");
            }
        }
        // The guest's own view agrees, to the nanosecond.
        LatencyDistribution guestReads = outcome.workload().latency().of(IoOp.READ);
        assertEquals(readNs, guestReads.minNs());
        assertEquals(readNs, guestReads.maxNs());
        assertEquals(readNs, guestReads.percentileNs(99.99));
        assertEquals(400, outcome.workload().totalIos());
        assertEquals(outcome.workload().reads(), outcome.workload().verifiedReads());
        // 400 IOs back to back at QD 1 take exactly the sum of their latencies.
        long expectedElapsedNs = outcome.workload().reads() * readNs + outcome.workload().writes() * writeNs
                + outcome.workload().flushes() * flushNs;
        assertEquals(expectedElapsedNs, outcome.workload().elapsedNs());
    }

    @Test
    void theSameSeedRepeatsByteForByteAndAnotherSeedDoesNot() {
        String yaml = String.join("\n",
                "clock: virtual",
                "volume: {block_size: 4096, extent_size: 256, extent_count: 8}",
                "upstairs: {processing: {kind: exponential, mean: 2us}}",
                "downstairs:",
                "  all:",
                "    link: {to_downstairs: {kind: lognormal, median: 25us, sigma: 0.4},"
                        + " to_upstairs: {kind: normal, mean: 20us, stddev: 5us}}",
                "    service:",
                "      read: {fixed: {kind: exponential, mean: 30us}}",
                "      write: {fixed: {kind: uniform, min: 20us, max: 80us}}",
                "      flush: {fixed: {kind: pareto, scale: 200us, shape: 2.5}}",
                "  2: {service: {write: {fixed: {kind: mixture, components: [{weight: 0.9, model: 40us},"
                        + " {weight: 0.1, model: 2ms}]}}}}",
                "workload: {rw: randrw, rwmixread: 60, bs: 8k, iodepth: 8, fsync: 8, flush_mix: 0.02, runtime: 50ms}",
                "output: {hlog_interval: 10ms}",
                "");
        Scenario first = scenario(yaml + "seed: 7\n");
        List<MetricInterval> firstIntervals = new ArrayList<>();
        RunOutcome a = run(first, firstIntervals);
        RunOutcome b = run(scenario(yaml + "seed: 7\n"));
        RunOutcome c = run(scenario(yaml + "seed: 8\n"));

        assertEquals(ReportJson.render(first, a), ReportJson.render(first, b));
        assertEquals(stdout(a), stdout(b));
        assertNotEquals(ReportJson.render(first, a), ReportJson.render(first, c));
        assertNotEquals(stdout(a), stdout(c));
        // 50 ms in 10 ms intervals: every metric's intervals add up to its total.
        for (MetricSummary metric : a.metrics()) {
            long fromIntervals = firstIntervals.stream().filter(i -> i.id().equals(metric.id()))
                    .mapToLong(i -> i.histogram().getTotalCount()).sum();
            assertEquals(metric.histogram().getTotalCount(), fromIntervals, metric.id().label());
        }
        assertTrue(firstIntervals.stream().map(MetricInterval::endNs).distinct().count() >= 5,
                "expected at least five intervals");
    }

    @Test
    void anEmpiricalServiceTimeFromAQuantizeCaptureKeepsTheCapturesShape(@TempDir Path directory) throws IOException {
        // A capture as dtrace prints it: 100 + 300 + 500 + 100 writes in four buckets.
        String capture = String.join("\n",
                "",
                "  write",
                "           value  ------------- Distribution ------------- count",
                "            8192 |                                         0",
                "           16384 |@@@@                                     100",
                "           32768 |@@@@@@@@@@@@                             300",
                "           65536 |@@@@@@@@@@@@@@@@@@@@                     500",
                "          131072 |@@@@                                     100",
                "          262144 |                                         0",
                "",
                "");
        Files.writeString(directory.resolve("capture.txt"), capture, StandardCharsets.UTF_8);
        String yaml = String.join("\n",
                "clock: virtual",
                "volume: {block_size: 4096, extent_size: 256, extent_count: 8}",
                "downstairs:",
                "  all:",
                "    service:",
                "      write: {fixed: 1ms}",
                "  0: {service: {write: {fixed: {kind: empirical, dtrace: capture.txt}}}}",
                "workload: {rw: randwrite, bs: 4k, iodepth: 1, fsync: 0, number_ios: 20000, runtime: 0}",
                "");
        Scenario scenario = ScenarioLoader.loadText(yaml, "empirical.yaml", directory, List.of());
        RunOutcome outcome = run(scenario);

        SortedMap<Long, Double> expectedShares = new TreeMap<>(Map.of(16384L, 0.1, 32768L, 0.3, 65536L, 0.5,
                131072L, 0.1));
        // Clients 1 and 2 take 1 ms per write, longer than any sample, so client 0 is always idle
        // when a write arrives and, without link delays, its round trip is exactly the sample.
        MetricSummary writes = metric(outcome, "perfdw", List.of("write for downstairs client", 0L));
        assertEquals(20_000, writes.count());
        assertEquals(expectedShares.keySet(), writes.powerOfTwoBuckets().keySet());
        for (Map.Entry<Long, Double> bucket : expectedShares.entrySet()) {
            double share = writes.powerOfTwoBuckets().get(bucket.getKey()) / (double) writes.count();
            double standardError = Math.sqrt(bucket.getValue() * (1 - bucket.getValue()) / writes.count());
            assertEquals(bucket.getValue(), share, 5 * standardError, "bucket " + bucket.getKey());
        }
    }

    @Test
    void perfjobSplitsLatencyByJobAndAgreesWithEachJobsOwnCount() {
        Scenario scenario = scenario(CONSTANT_MODELS.replace(
                "workload: {rw: randrw, rwmixread: 50, bs: 4k, iodepth: 1, fsync: 4, number_ios: 400, runtime: 0}",
                "workload:\n  number_ios: 300\n  runtime: 0\n  jobs:\n"
                        + "    - {name: reader, rw: randread, iodepth: 1}\n"
                        + "    - {name: writer, rw: randwrite, iodepth: 4, fsync: 10, rate_iops: 20000}\n")
                + "reports: [perfjob]\n");
        RunOutcome outcome = run(scenario);
        var jobs = outcome.workload().jobs();
        assertEquals(300, jobs.get(0).reads());
        assertEquals(300, jobs.get(1).writes() + jobs.get(1).flushes());
        assertEquals(jobs.get(0).reads(), metric(outcome, "perfjob", List.of("reader read service")).count());
        assertEquals(jobs.get(0).reads(), metric(outcome, "perfjob", List.of("reader read response")).count());
        assertEquals(jobs.get(1).writes(), metric(outcome, "perfjob", List.of("writer write response")).count());
        assertEquals(jobs.get(1).flushes(), metric(outcome, "perfjob", List.of("writer flush service")).count());
        // The probes see what the engine measured: the same extremes, to the nanosecond.
        LatencyDistribution engineResponse = jobs.get(1).response().of(IoOp.WRITE);
        MetricSummary probeResponse = metric(outcome, "perfjob", List.of("writer write response"));
        assertEquals(engineResponse.maxNs(), probeResponse.maxNs());
        assertEquals(engineResponse.minNs(), probeResponse.minNs());
        assertEquals(engineResponse.sumNs(), probeResponse.sumNs());
        assertTrue(stdout(outcome).contains("  reader read service"), stdout(outcome));
    }

    /**
     * Without link delays or upstairs processing, the only thing that takes time is a downstairs job:
     * one timed event per job on each downstairs (its wake-up; none more while it is busy, however
     * many messages queue behind it), and everything else (the messages both ways, the completion
     * handed back to the workload) runs at the instant it was scheduled. Before, each message and each
     * completion was a heap event of its own: 10 per IO, not 3.
     */
    @Test
    void withoutLinkDelaysOnlyDownstairsJobsTakeTimedEvents() {
        String yaml = String.join("\n",
                "clock: virtual",
                "volume: {block_size: 4096, extent_size: 64, extent_count: 4}",
                "downstairs: {all: {service: {read: {fixed: 20us}, write: {fixed: {kind: exponential, mean: 30us}},"
                        + " flush: {fixed: 100us}}}}",
                "workload: {rw: randrw, rwmixread: 50, bs: 4k, iodepth: 8, fsync: 4, number_ios: 400, runtime: 0}",
                "reports: []",
                // Virtual time's default interval starts short and doubles: fixed here, so no timer fires.
                "output: {hlog_interval: 1000s}",
                "");
        RunOutcome outcome = run(scenario(yaml));
        Matcher counts = Pattern.compile(
                "\\((\\d+) events, (\\d+) of them timed, (\\d+) at the instant they were scheduled\\)")
                .matcher(outcome.runtimeNote());
        assertTrue(counts.find(), outcome.runtimeNote());
        long events = Long.parseLong(counts.group(1));
        long timed = Long.parseLong(counts.group(2));
        long sameInstant = Long.parseLong(counts.group(3));
        // 400 IOs and the final flush, each a job on all three downstairs; the run is far shorter than
        // any timer's period.
        long jobs = 3 * (400 + 1);
        assertEquals(jobs, timed, outcome.runtimeNote());
        // Per IO 3 requests, 3 replies and the completion; the final flush's 3 and 3; the start: the workload's
        // start and four request-reply pairs of negotiation with each downstairs.
        assertEquals(400 * 7 + 6 + 1 + 3 * 4 * 2, sameInstant, outcome.runtimeNote());
        assertEquals(timed + sameInstant, events);
    }

    /**
     * The longest delay every model allows, everywhere: the sums pass the clock's end. Before, the
     * run died with "cannot schedule an event at -6917529027709551616 ns"; now it ends as a hang at
     * the drain timeout, or, where the timers and the drain timeout are as long, where the clock ends.
     */
    @Test
    void shouldEndRunsWhoseDelaysPassTheClocksEndWithAFailureThatSaysSo() {
        String longest = Long.toString(Long.MAX_VALUE / 4) + "ns";
        String models = String.join("\n",
                "clock: virtual",
                "volume: {block_size: 4096, extent_size: 64, extent_count: 4}",
                "downstairs:",
                "  all:",
                "    link: {to_downstairs: " + longest + ", to_upstairs: " + longest + "}",
                "    service: {write: {fixed: " + longest + "}}",
                "workload: {rw: write, number_ios: 10, runtime: 0}",
                "");
        RunOutcome hang = new VirtualHarness(scenario(models + "upstairs: {processing: " + longest + "}\n"),
                sampled -> { }, null).execute(new PrintWriter(new StringWriter()));
        assertEquals(1, hang.failures().size(), hang.failures()::toString);
        assertTrue(hang.failures().get(0).startsWith("no downstairs replied in 30000 ms of virtual time"),
                hang.failures()::toString);

        RunOutcome ended = new VirtualHarness(scenario(models + "upstairs: {processing: " + longest
                + ", status_interval: " + longest + ", flush_timeout: " + longest + "}\n"
                + "output: {hlog_interval: " + longest + "}\ndrain_timeout: 9000000000s\n"),
                sampled -> { }, null).execute(new PrintWriter(new StringWriter()));
        assertEquals(List.of("virtual time ran out: the latency models' delays add up past the clock's end, "
                + Long.MAX_VALUE + " ns (about 292 years); 0 guest IOs outstanding"), ended.failures());
    }
}
