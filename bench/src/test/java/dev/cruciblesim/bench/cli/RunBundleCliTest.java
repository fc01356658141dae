package dev.cruciblesim.bench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code run --clock virtual SCENARIO}: the reports, the bundle, and runs that repeat byte for byte. */
class RunBundleCliTest {
    private static final Path REFERENCE = Path.of("..", "scenarios", "reference.yaml");
    private static final List<String> BUNDLE_FILES = List.of("reports.txt", "perfgw.txt", "perfdw.txt",
            "perf-upstairs-rw.txt", "tracegw.txt", "upstairs_info.txt", "summary.txt", "report.json", "latency.hlog",
            "fio.json", "environment.json");

    private record Result(int exitCode, String out, String err) {
    }

    private static Result execute(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = CrucibleSim.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(exitCode, out.toString(), err.toString());
    }

    private static Path onlyBundle(Path outDirectory) throws IOException {
        try (Stream<Path> runs = Files.list(outDirectory)) {
            List<Path> all = runs.toList();
            assertEquals(1, all.size(), () -> "bundles: " + all);
            return all.get(0);
        }
    }

    @Test
    void aVirtualRunPrintsTheFiveReportsWritesTheBundleAndRepeatsByteForByte(@TempDir Path first,
            @TempDir Path second, @TempDir Path otherSeed) throws IOException {
        Result a = execute("run", "--clock", "virtual", REFERENCE.toString(), "--out", first.toString());
        Result b = execute("run", "--clock", "virtual", REFERENCE.toString(), "--out", second.toString());
        Result c = execute("run", "--clock", "virtual", REFERENCE.toString(), "--seed", "43", "--out",
                otherSeed.toString());
        assertEquals(0, a.exitCode(), a.err());
        assertEquals(0, b.exitCode(), b.err());
        assertEquals(0, c.exitCode(), c.err());
        for (String script : List.of("perfgw.d", "perfdw.d", "perf-upstairs-rw.d", "tracegw.d", "upstairs_info.d")) {
            assertTrue(a.err().contains("--- " + script + " ---"), a.err());
        }
        assertTrue(a.err().contains("seed 42"), "the seed is always printed: " + a.err());
        assertTrue(a.err().contains("simulated IOs per wall second"), a.err());
        assertTrue(a.out().contains("Distribution"), a.out());
        assertEquals(a.out(), b.out());

        Path bundleA = onlyBundle(first);
        Path bundleB = onlyBundle(second);
        assertTrue(bundleA.getFileName().toString().contains("-reference-"), bundleA.toString());
        for (String file : BUNDLE_FILES) {
            assertTrue(Files.isRegularFile(bundleA.resolve(file)), "missing " + file);
        }
        assertEquals(a.out(), Files.readString(bundleA.resolve("reports.txt")));
        for (String file : List.of("report.json", "reports.txt", "latency.hlog", "fio.json", "perfdw.txt")) {
            assertArrayEquals(Files.readAllBytes(bundleA.resolve(file)), Files.readAllBytes(bundleB.resolve(file)),
                    file + " differs between two runs of the same scenario and seed");
        }
        assertNotEquals(Files.readString(bundleA.resolve("report.json")),
                Files.readString(onlyBundle(otherSeed).resolve("report.json")));
        assertNotEquals(a.out(), c.out());
    }

    @Test
    void theBundleFilesAgreeWithEachOther(@TempDir Path out) throws IOException {
        Result result = execute("run", "--clock", "virtual", REFERENCE.toString(), "--out", out.toString());
        assertEquals(0, result.exitCode(), result.err());
        Path bundle = onlyBundle(out);
        ObjectMapper json = new ObjectMapper();
        JsonNode report = json.readTree(bundle.resolve("report.json").toFile());
        assertEquals("crucible-sim.report", report.get("schema").asText());
        assertEquals(2, report.get("schema_version").asInt());
        assertEquals(42, report.get("seed").asLong());
        assertEquals("reference", report.at("/scenario/name").asText());
        long reads = report.at("/workload/reads").asLong();
        assertTrue(reads > 0);

        Map<String, Long> metricCounts = new HashMap<>();
        for (JsonNode metric : report.get("metrics")) {
            long bucketTotal = 0;
            for (JsonNode bucket : metric.get("buckets")) {
                bucketTotal += bucket.get(1).asLong();
            }
            assertEquals(metric.get("count").asLong(), bucketTotal, metric.get("tag").asText());
            assertTrue(metric.get("min_ns").asLong() <= metric.at("/percentiles_ns/50").asLong());
            assertTrue(metric.at("/percentiles_ns/99.99").asLong() <= metric.get("max_ns").asLong(), metric.toString());
            assertFalse(metric.get("hdr_histogram").asText().isEmpty());
            metricCounts.put(metric.get("tag").asText(), metric.get("count").asLong());
        }
        // Reads in perfgw: the workload's reads (the final flush is a flush).
        assertEquals(reads, metricCounts.get("perfgw.time.read"));

        JsonNode fio = json.readTree(bundle.resolve("fio.json").toFile());
        JsonNode job = fio.at("/jobs/0");
        assertEquals("workload", job.get("jobname").asText());
        assertEquals(reads, job.at("/read/total_ios").asLong());
        assertEquals(reads * 4096, job.at("/read/io_bytes").asLong());
        assertTrue(job.at("/read/clat_ns/percentile").has("99.000000"), job.at("/read/clat_ns").toString());
        assertEquals(reads, job.at("/read/lat_ns/N").asLong());
        assertEquals(report.at("/workload/flushes").asLong(), job.at("/sync/total_ios").asLong());

        // The interval log holds every metric's values, tagged, readable by HdrHistogram's own reader.
        Map<String, Long> hlogCounts = new HashMap<>();
        HistogramLogReader reader = new HistogramLogReader(bundle.resolve("latency.hlog").toString());
        for (EncodableHistogram interval = reader.nextIntervalHistogram(); interval != null;
                interval = reader.nextIntervalHistogram()) {
            org.HdrHistogram.Histogram histogram = (org.HdrHistogram.Histogram) interval;
            hlogCounts.merge(histogram.getTag(), histogram.getTotalCount(), Long::sum);
        }
        assertEquals(metricCounts, hlogCounts);

        JsonNode environment = json.readTree(bundle.resolve("environment.json").toFile());
        assertTrue(environment.has("commit") && environment.has("jvm") && environment.has("cpu"), environment.toString());
        assertFalse(Files.readString(bundle.resolve("report.json"), StandardCharsets.UTF_8).contains("\"jvm\""),
                "machine facts stay out of report.json");
    }

    @Test
    void aBadScenarioFileGetsOneLineNamingFileAndLineAndExitsTwo(@TempDir Path directory) throws IOException {
        Path bad = directory.resolve("bad.yaml");
        Files.writeString(bad, String.join("\n", "name: bad", "clock: virtual", "workload:", "  iodeth: 4", ""));
        Result unknownKey = execute("run", bad.toString(), "--out", directory.resolve("out").toString());
        assertEquals(2, unknownKey.exitCode());
        assertEquals(1, unknownKey.err().lines().count(), unknownKey.err());
        assertTrue(unknownKey.err().startsWith("crucible-sim: " + bad + ":4: workload.iodeth: unknown key"),
                unknownKey.err());
        assertEquals("", unknownKey.out());

        Files.writeString(bad, String.join("\n", "name: bad", "downstairs:", "  all:", "    link:",
                "      to_upstairs: {kind: exponential, mean: -5us}", ""));
        Result badModel = execute("run", bad.toString(), "--out", directory.resolve("out").toString());
        assertEquals(2, badModel.exitCode());
        assertEquals(1, badModel.err().lines().count(), badModel.err());
        assertTrue(badModel.err().contains(bad + ":5: downstairs.all.link.to_upstairs: exponential: mean"),
                badModel.err());

        Files.writeString(bad, "workload: {iodepth: [1, 2\n");
        Result syntax = execute("run", bad.toString(), "--out", directory.resolve("out").toString());
        assertEquals(2, syntax.exitCode());
        assertTrue(syntax.err().contains(bad.toString() + ":"), syntax.err());
        assertFalse(Files.exists(directory.resolve("out")), "no bundle for a run that never started");
    }

    @Test
    void anUnusableOutDirectoryIsBadInputBeforeAnythingRuns(@TempDir Path directory) throws IOException {
        Path notADirectory = Files.writeString(directory.resolve("a-file"), "x");
        Result result = execute("run", "--clock", "virtual", REFERENCE.toString(), "--out",
                notADirectory.resolve("runs").toString());
        assertEquals(2, result.exitCode(), result.err());
        assertTrue(result.err().contains("--out " + notADirectory.resolve("runs")
                + ": cannot create the run's bundle directory"), result.err());
        assertEquals("", result.out(), "nothing ran");
    }
}
