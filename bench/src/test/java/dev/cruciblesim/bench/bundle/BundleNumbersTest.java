package dev.cruciblesim.bench.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cruciblesim.bench.harness.RunOutcome;
import dev.cruciblesim.bench.scenario.Quantities;
import dev.cruciblesim.bench.scenario.Scenario;
import dev.cruciblesim.bench.scenario.ScenarioLoader;
import dev.cruciblesim.bench.virtual.VirtualHarness;
import dev.cruciblesim.bench.workload.JobResult;
import dev.cruciblesim.sim.protocol.IoOp;
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
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The numbers report.json, fio.json and the summary give for one virtual-time run: the same
 * latencies, by one rule, and the same span and rates, by one definition, in every file. Virtual
 * time makes every latency and span below exact, so the assertions are equalities.
 */
class BundleNumbersTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** 1.2 ms: HdrHistogram holds it in a 1,024 ns wide bucket, [1,199,104, 1,200,127]. */
    private static final long CONSTANT_NS = 1_200_000;

    /** Every IO takes exactly {@link #CONSTANT_NS}: no link delay, no processing, one IO at a time. */
    private static final String CONSTANT_MODELS = String.join("\n",
            "name: constant",
            "clock: virtual",
            "volume: {block_size: 4096, extent_size: 64, extent_count: 4}",
            "upstairs: {processing: 0us}",
            "downstairs:",
            "  all:",
            "    link: {to_downstairs: 0us, to_upstairs: 0us}",
            "    service: {read: {fixed: 1200us}, write: {fixed: 1200us}, flush: {fixed: 1200us}}",
            "workload: {rw: randrw, rwmixread: 50, bs: 4k, iodepth: 1, fsync: 4, number_ios: 100, runtime: 0}",
            "reports: [perfgw]",
            "");

    /** Links of 20 us each way, reads served in 30 us, writes in 10 us: a write takes 50 us, a read 70 us. */
    private static final String REPLAY_MODELS = String.join("\n",
            "name: replay",
            "clock: virtual",
            "volume: {block_size: 4096, extent_size: 64, extent_count: 4}",
            "upstairs: {processing: 0us}",
            "downstairs:",
            "  all:",
            "    link: {to_downstairs: 20us, to_upstairs: 20us}",
            "    service: {read: {fixed: 30us}, write: {fixed: 10us}}",
            "reports: [perfgw]",
            "");

    @TempDir
    Path temp;

    private static Scenario scenario(String yaml) {
        return ScenarioLoader.loadText(yaml, "test.yaml", Path.of("."), List.of());
    }

    private record Bundle(RunOutcome outcome, JsonNode report, JsonNode fio) {
        String summary() {
            return outcome.summary();
        }
    }

    private static Bundle bundle(Scenario scenario) throws IOException {
        return bundle(scenario, run(scenario));
    }

    private static Bundle bundle(Scenario scenario, RunOutcome outcome) throws IOException {
        return new Bundle(outcome, JSON.readTree(ReportJson.render(scenario, outcome)),
                JSON.readTree(FioJson.render(scenario, outcome, "test", 0)));
    }

    /** The rate the one definition gives: amount over the span in seconds. */
    private static double perSecond(long amount, long spanNs) {
        return amount / (spanNs / 1e9);
    }

    private static RunOutcome run(Scenario scenario) {
        RunOutcome outcome = runToItsEnd(scenario);
        assertTrue(outcome.succeeded(), () -> "run failed: " + outcome.failures());
        return outcome;
    }

    private static RunOutcome runToItsEnd(Scenario scenario) {
        return new VirtualHarness(scenario, intervals -> { }, null).execute(new PrintWriter(new StringWriter()));
    }

    /** Every latency object of both files that has a count, with the path it was found at. */
    private record Latency(String where, long count, long minNs, long maxNs, double meanNs, List<Long> percentilesNs) {
    }

    private static List<Latency> latencies(JsonNode report, JsonNode fio) {
        List<Latency> all = new ArrayList<>();
        for (String op : List.of("read", "write", "flush")) {
            all.add(reportLatency("guest_latency/" + op, report.at("/guest_latency/" + op)));
            for (String kind : List.of("service_latency", "response_latency", "lag")) {
                all.add(reportLatency("jobs/0/" + kind + "/" + op, report.at("/jobs/0/" + kind + "/" + op)));
            }
        }
        for (JsonNode metric : report.get("metrics")) {
            all.add(reportLatency("metrics/" + metric.get("tag").asText(), metric));
        }
        for (String direction : List.of("read", "write")) {
            all.add(fioLatency("fio " + direction + " clat_ns", fio.at("/jobs/0/" + direction + "/clat_ns")));
        }
        all.add(fioLatency("fio sync lat_ns", fio.at("/jobs/0/sync/lat_ns")));
        return all;
    }

    private static Latency reportLatency(String where, JsonNode stats) {
        List<Long> percentiles = new ArrayList<>();
        stats.get("percentiles_ns").forEach(value -> percentiles.add(value.asLong()));
        return new Latency(where, stats.get("count").asLong(), stats.get("min_ns").asLong(),
                stats.get("max_ns").asLong(), stats.get("mean_ns").asDouble(), percentiles);
    }

    private static Latency fioLatency(String where, JsonNode stats) {
        List<Long> percentiles = new ArrayList<>();
        stats.get("percentile").forEach(value -> percentiles.add(value.asLong()));
        return new Latency(where, stats.get("N").asLong(), stats.get("min").asLong(), stats.get("max").asLong(),
                stats.get("mean").asDouble(), percentiles);
    }

    @Test
    void shouldReportEveryPercentileMinMaxAndMeanOfAConstantLatencyAsThatLatencyExactly() throws IOException {
        Scenario scenario = scenario(CONSTANT_MODELS);
        RunOutcome outcome = run(scenario);
        JsonNode report = JSON.readTree(ReportJson.render(scenario, outcome));
        JsonNode fio = JSON.readTree(FioJson.render(scenario, outcome, "test", 0));

        List<Latency> latencies = latencies(report, fio);
        for (Latency latency : latencies) {
            if (latency.where().contains("lag")) {
                // A closed loop issues every IO when it means to: its lag is exactly 0.
                assertEquals(new Latency(latency.where(), latency.count(), 0, 0, 0.0, List.of(0L, 0L, 0L, 0L, 0L)),
                        latency);
                continue;
            }
            List<Long> expected = new ArrayList<>();
            latency.percentilesNs().forEach(p -> expected.add(CONSTANT_NS));
            assertEquals(new Latency(latency.where(), latency.count(), CONSTANT_NS, CONSTANT_NS, CONSTANT_NS, expected),
                    latency);
            assertTrue(latency.count() > 0, latency.where());
        }
        assertEquals(3 * (1 + 3) + 3 + 3, latencies.size(), "the guest's and the job's three kinds, perfgw's and fio's,"
                + " of three operations");
    }

    @Test
    void shouldMeasureAReplaysSpanFromItsFirstSubmissionToItsLastCompletionInEveryOutput() throws IOException {
        // A write at 0 (done at 50 us), a read at 300 us (done at 370 us), and a trim 10 ms later that Crucible
        // has no operation for: the span is the write's submission to the read's completion.
        Path trace = temp.resolve("trailing-trim.csv");
        Files.writeString(trace, "time_us,op,offset_bytes,length_bytes\n0,write,0,4096\n300,read,0,4096\n"
                + "10300,trim,8192,4096\n", StandardCharsets.UTF_8);
        Bundle bundle = bundle(scenario(REPLAY_MODELS + "workload: {read_iolog: '" + trace + "', iodepth: 4}\n"));
        JsonNode report = bundle.report();
        JsonNode fioJob = bundle.fio().at("/jobs/0");
        long spanNs = 370_000;

        assertEquals(1, report.at("/jobs/0/skipped_trims").asLong());
        assertEquals(spanNs, report.at("/workload/elapsed_ns").asLong(), "the run's span");
        assertEquals(spanNs, report.at("/jobs/0/elapsed_ns").asLong(), "the job's span");
        for (String scope : List.of("/throughput", "/jobs/0/throughput")) {
            assertEquals(perSecond(1, spanNs), report.at(scope + "/read/iops").asDouble(), scope);
            assertEquals(perSecond(1, spanNs), report.at(scope + "/write/iops").asDouble(), scope);
            assertEquals(perSecond(2, spanNs), report.at(scope + "/total/iops").asDouble(), scope);
            assertEquals(perSecond(4096, spanNs), report.at(scope + "/read/bytes_per_second").asDouble(), scope);
        }
        for (String direction : List.of("read", "write")) {
            assertEquals(report.at("/throughput/" + direction + "/iops").asDouble(),
                    fioJob.at("/" + direction + "/iops").asDouble(), "fio's " + direction + " iops");
            assertEquals(Math.round(perSecond(4096, spanNs)), fioJob.at("/" + direction + "/bw_bytes").asLong());
            // fio rounds its runtime up to whole milliseconds.
            assertEquals(1, fioJob.at("/" + direction + "/runtime").asLong(), direction);
        }
        assertEquals(1, fioJob.get("job_runtime").asLong());
        assertTrue(bundle.summary().contains("in 370.0us of virtual time = 5405 IOPS"), bundle.summary());
        assertTrue(bundle.summary().contains("job workload: 2 IOs (1 reads, 1 writes, 0 flushes) = 5405 IOPS"),
                bundle.summary());
    }

    @Test
    void shouldMeasureAFailedRunsRatesOverItsIoNotOverTheWaitForIoThatNeverCameBack() throws IOException {
        // Reads at 0 and 2 ms take 70 us each; the write at 4 ms takes 200 ms on every downstairs, past the
        // 50 ms drain timeout, so the run fails 50 ms after the last reply, the second read's at 2.07 ms.
        Path trace = temp.resolve("hang.csv");
        Files.writeString(trace, "time_us,op,offset_bytes,length_bytes\n0,read,0,4096\n2000,read,4096,4096\n"
                + "4000,write,65536,4096\n", StandardCharsets.UTF_8);
        Scenario scenario = scenario(REPLAY_MODELS.replace("write: {fixed: 10us}", "write: {fixed: 200ms}")
                + "drain_timeout: 50ms\nworkload: {read_iolog: '" + trace + "', iodepth: 4}\n");
        RunOutcome outcome = runToItsEnd(scenario);
        assertTrue(!outcome.succeeded() && outcome.failures().get(0).contains("drain_timeout"),
                () -> "expected the drain timeout: " + outcome.failures());
        Bundle bundle = bundle(scenario, outcome);
        JsonNode report = bundle.report();
        long spanNs = 2_070_000;

        assertEquals(2, report.at("/workload/reads").asLong());
        assertEquals(0, report.at("/workload/writes").asLong());
        assertEquals(spanNs, report.at("/workload/elapsed_ns").asLong());
        assertEquals(spanNs, report.at("/jobs/0/elapsed_ns").asLong());
        assertEquals(perSecond(2, spanNs), report.at("/throughput/read/iops").asDouble());
        assertEquals(perSecond(2, spanNs), report.at("/jobs/0/throughput/read/iops").asDouble());
        assertEquals(perSecond(2, spanNs), bundle.fio().at("/jobs/0/read/iops").asDouble());
        assertEquals(3, bundle.fio().at("/jobs/0/read/runtime").asLong());
        assertTrue(bundle.summary().contains(String.format(Locale.ROOT, "in 2.07ms of virtual time = %.0f IOPS",
                perSecond(2, spanNs))), bundle.summary());
    }

    @Test
    void shouldCallTheRateOfARunWithNoSpanUndefinedInEveryOutput() throws IOException {
        // No model takes time: every IO completes at the instant it is submitted, the first one's.
        Scenario scenario = scenario(String.join("\n",
                "name: instant",
                "clock: virtual",
                "volume: {block_size: 4096, extent_size: 64, extent_count: 4}",
                "workload:",
                "  runtime: 0",
                "  jobs:",
                "    - {name: a, rw: randrw, iodepth: 4, number_ios: 10}",
                "    - {name: b, rw: randread, iodepth: 1, number_ios: 5}",
                "reports: [perfgw]",
                ""));
        Bundle bundle = bundle(scenario);
        JsonNode report = bundle.report();

        assertEquals(15, report.at("/workload/total_ios").asLong());
        assertEquals(0, report.at("/workload/elapsed_ns").asLong());
        for (String scope : List.of("/throughput", "/jobs/0/throughput", "/jobs/1/throughput")) {
            for (String op : List.of("read", "write", "flush", "total")) {
                assertTrue(report.at(scope + "/" + op + "/iops").isNull(), scope + "/" + op + ": " + report.at(scope));
                assertTrue(report.at(scope + "/" + op + "/bytes_per_second").isNull(), scope + "/" + op);
            }
        }
        for (JsonNode fioJob : bundle.fio().get("jobs")) {
            for (String direction : List.of("read", "write", "trim")) {
                for (String rate : List.of("iops", "bw_bytes", "bw")) {
                    assertTrue(fioJob.at("/" + direction + "/" + rate).isNull(), direction + " " + rate + ": "
                            + fioJob);
                }
                assertEquals(0, fioJob.at("/" + direction + "/runtime").asLong(), direction);
            }
        }
        assertTrue(bundle.summary().contains("in 0ns of virtual time = n/a IOPS"), bundle.summary());
        assertTrue(bundle.summary().contains("job a: 10 IOs"), bundle.summary());
        assertEquals(2, bundle.summary().split("flushes\\) = n/a IOPS; service p50 0ns", -1).length - 1,
                bundle.summary());
    }

    @Test
    void shouldGiveEachJobItsOwnSpanAndTheRunTheirUnion() throws IOException {
        Scenario scenario = scenario(CONSTANT_MODELS.replace(
                "workload: {rw: randrw, rwmixread: 50, bs: 4k, iodepth: 1, fsync: 4, number_ios: 100, runtime: 0}",
                "workload:\n  runtime: 0\n  jobs:\n"
                        + "    - {name: short, rw: randread, iodepth: 1, number_ios: 10}\n"
                        + "    - {name: long, rw: randwrite, iodepth: 1, fsync: 0, number_ios: 30}\n"));
        Bundle bundle = bundle(scenario);
        JsonNode report = bundle.report();
        List<JobResult> jobs = bundle.outcome().workload().jobs();

        // Both jobs start at the same instant and keep one IO in flight, so each job's span is the sum of its
        // latencies, and the run's is the longer one.
        long shortNs = jobs.get(0).service().of(IoOp.READ).sumNs();
        long longNs = jobs.get(1).service().of(IoOp.WRITE).sumNs();
        assertTrue(longNs > shortNs, longNs + " vs " + shortNs);
        assertEquals(shortNs, report.at("/jobs/0/elapsed_ns").asLong());
        assertEquals(longNs, report.at("/jobs/1/elapsed_ns").asLong());
        assertEquals(longNs, report.at("/workload/elapsed_ns").asLong(), "the union of the jobs' spans");
        assertEquals(perSecond(40, longNs), report.at("/throughput/total/iops").asDouble());
        assertEquals(perSecond(10, shortNs), report.at("/jobs/0/throughput/read/iops").asDouble());
        assertEquals(perSecond(30, longNs), report.at("/jobs/1/throughput/write/iops").asDouble());
        assertEquals(report.at("/jobs/0/throughput/read/iops").asDouble(),
                bundle.fio().at("/jobs/0/read/iops").asDouble());
        assertEquals(report.at("/jobs/1/throughput/write/iops").asDouble(),
                bundle.fio().at("/jobs/1/write/iops").asDouble());
        assertEquals(0, bundle.fio().at("/jobs/1/read/runtime").asLong(), "fio: no reads, no read runtime");
        assertEquals((longNs + 999_999) / 1_000_000, bundle.fio().at("/jobs/1/write/runtime").asLong());
        String summary = bundle.summary();
        assertTrue(summary.contains(String.format(Locale.ROOT, "in %s of virtual time = %.0f IOPS",
                Quantities.showNs(longNs), perSecond(40, longNs))), summary);
        assertTrue(summary.contains(String.format(Locale.ROOT,
                "job short: 10 IOs (10 reads, 0 writes, 0 flushes) = %.0f IOPS", perSecond(10, shortNs))), summary);
        assertTrue(summary.contains(String.format(Locale.ROOT,
                "job long: 30 IOs (0 reads, 30 writes, 0 flushes) = %.0f IOPS", perSecond(30, longNs))), summary);
    }
}
