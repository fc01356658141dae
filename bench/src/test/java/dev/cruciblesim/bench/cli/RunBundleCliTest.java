package dev.cruciblesim.bench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cruciblesim.tracing.stats.LatencyHistograms;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.DataFormatException;

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
        assertEquals(3, report.get("schema_version").asInt());
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

    /**
     * A virtual run of 2.5 simulated seconds with the default intervals: HdrHistogram's own reader
     * reads latency.hlog back, and each metric's intervals add up to exactly the histogram and
     * count report.json gives it. The intervals are 10 ms in the first second, 20 ms in the next
     * and 40 ms after (the doubling default), a metric's quiet intervals have no line, and each
     * metric's intervals follow each other without overlap.
     */
    @Test
    void theHlogReadsBackWithHdrHistogramsReaderAsTheHistogramsOfReportJson(@TempDir Path directory)
            throws IOException, DataFormatException {
        Path scenario = Files.writeString(directory.resolve("hlog.yaml"), String.join("\n",
                "name: hlog",
                "clock: virtual",
                "volume: {block_size: 4096, extent_size: 64, extent_count: 16}",
                "downstairs: {all: {service: {read: {fixed: {kind: exponential, mean: 100us}},"
                        + " write: {fixed: {kind: exponential, mean: 150us}}, flush: {fixed: 400us}}}}",
                // About 25 flushes a second: most 10 ms intervals hold none.
                "workload: {rw: randrw, bs: 4k, iodepth: 4, rate_iops: 2000, fsync: 0, flush_mix: 0.0125,"
                        + " number_ios: 5000, runtime: 0}",
                ""));
        Result result = execute("run", scenario.toString(), "--out", directory.resolve("out").toString());
        assertEquals(0, result.exitCode(), result.err());
        Path bundle = onlyBundle(directory.resolve("out"));

        JsonNode report = new ObjectMapper().readTree(bundle.resolve("report.json").toFile());
        assertEquals(10_000_000L, report.at("/scenario/output/hlog_interval_ns").asLong());
        assertTrue(report.at("/scenario/output/hlog_interval_doubles").asBoolean());
        Map<String, Histogram> expected = new TreeMap<>();
        Map<String, Long> expectedCounts = new TreeMap<>();
        for (JsonNode metric : report.get("metrics")) {
            byte[] compressed = Base64.getDecoder().decode(metric.get("hdr_histogram").asText());
            expected.put(metric.get("tag").asText(),
                    Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(compressed), 0));
            expectedCounts.put(metric.get("tag").asText(), metric.get("count").asLong());
        }
        assertTrue(expected.containsKey("perfgw.time.flush") && expected.size() >= 10, expected.keySet().toString());

        Map<String, Histogram> summed = new TreeMap<>();
        Map<String, Long> lines = new TreeMap<>();
        Map<String, Long> lastEndMs = new TreeMap<>();
        HistogramLogReader reader = new HistogramLogReader(bundle.resolve("latency.hlog").toString());
        for (EncodableHistogram read = reader.nextIntervalHistogram(); read != null;
                read = reader.nextIntervalHistogram()) {
            Histogram interval = (Histogram) read;
            String tag = interval.getTag();
            summed.computeIfAbsent(tag, t -> LatencyHistograms.newHistogram()).add(interval);
            lines.merge(tag, 1L, Long::sum);
            // The reader rebuilds ms from 3-decimal seconds in floating point, so allow 1 ms.
            Long previousEndMs = lastEndMs.put(tag, interval.getEndTimeStamp());
            assertTrue(previousEndMs == null || interval.getStartTimeStamp() >= previousEndMs - 1, tag);
        }
        assertEquals(expected.keySet(), summed.keySet());
        for (Map.Entry<String, Histogram> metric : expected.entrySet()) {
            Histogram back = summed.get(metric.getKey());
            assertEquals(metric.getValue(), back, metric.getKey());
            assertEquals(expectedCounts.get(metric.getKey()), back.getTotalCount(), metric.getKey());
        }
        assertTrue(lines.get("perfgw.time.flush") < lines.get("perfgw.time.read") / 2,
                "quiet intervals take no line: " + lines);

        // The text's own start and length columns (exact, unlike the reader's ms): 10 ms, 20 ms from 1 s, 40 from 2 s.
        List<String> data = Files.readAllLines(bundle.resolve("latency.hlog")).stream()
                .filter(line -> line.startsWith("Tag=perfgw.time.read,")).toList();
        assertTrue(data.size() > 150, data.size() + " intervals");
        for (String line : data.subList(0, data.size() - 1)) { // the last one ends with the run
            String[] fields = line.split(",");
            long startMs = Math.round(Double.parseDouble(fields[1]) * 1000);
            assertEquals(startMs < 1_000 ? "0.010" : startMs < 2_000 ? "0.020" : "0.040", fields[2], line);
        }
        assertTrue(Double.parseDouble(data.get(data.size() - 1).split(",")[1]) > 2.0, "the run lasts past 2 s");
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
