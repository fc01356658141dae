package dev.cruciblesim.bench.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cruciblesim.bench.harness.RunOutcome;
import dev.cruciblesim.bench.scenario.Scenario;
import dev.cruciblesim.bench.scenario.ScenarioLoader;
import dev.cruciblesim.bench.virtual.VirtualHarness;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The numbers report.json, fio.json and the summary give for one virtual-time run: the same
 * latencies, by one rule, in every file. Virtual time makes every latency below exact, so the
 * assertions are equalities.
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

    private static Scenario scenario(String yaml) {
        return ScenarioLoader.loadText(yaml, "test.yaml", Path.of("."), List.of());
    }

    private static RunOutcome run(Scenario scenario) {
        RunOutcome outcome = new VirtualHarness(scenario, intervals -> { }, null)
                .execute(new PrintWriter(new StringWriter()));
        assertTrue(outcome.succeeded(), () -> "run failed: " + outcome.failures());
        return outcome;
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
            all.add(fioLatency("fio read/write " + direction + " clat_ns", fio.at("/jobs/0/" + direction + "/clat_ns")));
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
}
