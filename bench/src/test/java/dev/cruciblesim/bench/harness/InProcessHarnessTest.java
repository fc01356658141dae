package dev.cruciblesim.bench.harness;

import dev.cruciblesim.bench.scenario.Scenario;
import dev.cruciblesim.bench.scenario.ScenarioLoader;
import dev.cruciblesim.tracing.metrics.MetricInterval;
import dev.cruciblesim.tracing.metrics.MetricSummary;
import dev.cruciblesim.tracing.report.DTraceReport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** End to end: one upstairs, three in-process downstairs, real threads, every read verified, all five reports. */
class InProcessHarnessTest {
    private static final String HEADER = "           value  ------------- Distribution ------------- count    ";
    private static final Pattern ROW = Pattern.compile("^ *-?\\d+ \\|[@ ]{40} -?\\d+ *$");
    private static final int IO_COUNT = 3000;

    private static RunOutcome outcome;
    private static final List<MetricInterval> intervals = new CopyOnWriteArrayList<>();
    private static Map<String, String> stdoutByReport;

    @BeforeAll
    static void runOnce() throws InterruptedException {
        // A long duration with an IO count: the count ends the run. The flush check is pushed past the
        // run so that the only flushes are the workload's and the final one.
        Scenario scenario = ScenarioLoader.loadText(String.join("\n",
                "seed: 42",
                "volume: {block_size: 4096, extent_size: 64, extent_count: 16}",
                "upstairs: {status_interval: 50ms, flush_timeout: 600s}",
                "workload: {rwmixread: 50, bs: 4k, iodepth: 4, fsync: 8, runtime: 60s, number_ios: " + IO_COUNT + "}",
                ""), "in-process.yaml", Path.of("."), List.of());
        outcome = new InProcessHarness(scenario, intervals::addAll, null).execute(new PrintWriter(new StringWriter()));
        stdoutByReport = outcome.reports().stream()
                .collect(Collectors.toMap(DTraceReport::name, DTraceReport::stdout));
    }

    @Test
    void shouldCompleteEveryIoAndVerifyEveryRead() {
        assertTrue(outcome.failures().isEmpty(), () -> "failures: " + outcome.failures());
        assertEquals(IO_COUNT, outcome.workload().totalIos());
        assertTrue(outcome.workload().reads() > 0);
        assertEquals(outcome.workload().reads(), outcome.workload().verifiedReads());
    }

    @Test
    void shouldSayWhereTheCpuWentByComponent() {
        Map<String, Long> cpuNs = outcome.cpuTimeNs();
        assertEquals(List.of("upstairs", "downstairs 10", "downstairs 11", "downstairs 12", "workload",
                "metric sampler"), List.copyOf(cpuNs.keySet()), cpuNs.toString());
        assertTrue(cpuNs.get("upstairs") > 0, "the upstairs core ran every IO: " + cpuNs);
        for (int c = 10; c <= 12; c++) {
            assertTrue(cpuNs.get("downstairs " + c) > 0, "downstairs " + c + " ran its jobs: " + cpuNs);
        }
        assertTrue(outcome.summary().contains("crucible-sim: CPU time: upstairs "), outcome.summary());
    }

    @Test
    void shouldDrainToNoOutstandingGuestIo() {
        assertTrue(outcome.finalStatusJson().contains("\"up_count\":0"), outcome.finalStatusJson());
        assertTrue(outcome.finalStatusJson().contains("\"ds_state\":[\"Active\",\"Active\",\"Active\"]"),
                outcome.finalStatusJson());
    }

    @Test
    void shouldPrintPerfgwForEveryOperation() {
        List<String> keys = keyLines(stdoutByReport.get("perfgw"));
        assertEquals(List.of("read", "write", "flush"), keys.stream().map(String::strip).sorted(
                (a, b) -> order(a) - order(b)).collect(Collectors.toList()));
        for (String key : keys) {
            assertEquals(52, key.length(), () -> "key line '" + key + "'");
        }
        assertHistogramLayout(stdoutByReport.get("perfgw"));
    }

    @Test
    void shouldPrintPerfdwForThreeClientsTimesThreeOperations() {
        List<String> keys = keyLines(stdoutByReport.get("perfdw"));
        assertEquals(9, keys.size(), () -> "keys: " + keys);
        for (String op : List.of("read", "write", "flush")) {
            for (int client = 0; client < 3; client++) {
                String expected = String.format("  %-50s %16d", op + " for downstairs client", client);
                assertTrue(keys.contains(expected), () -> "missing '" + expected + "' in " + keys);
            }
        }
        assertHistogramLayout(stdoutByReport.get("perfdw"));
    }

    @Test
    void shouldPrintThreePartsForWritesAndFlushes() {
        List<String> keys = keyLines(stdoutByReport.get("perf-upstairs-rw")).stream().map(String::strip)
                .collect(Collectors.toList());
        assertEquals(List.of("flush guest-upds", "flush upds-ds-upds", "flush upds-guest", "write guest-upds",
                "write upds-upds", "write upds-guest"), keys);
        assertHistogramLayout(stdoutByReport.get("perf-upstairs-rw"));
    }

    @Test
    void shouldCountEqualStartsAndDonesMatchingTheWorkload() {
        String tracegw = stdoutByReport.get("tracegw");
        Map<String, long[]> counts = Arrays.stream(tracegw.split("\n")).filter(l -> l.contains("_start:"))
                .map(TraceLine::parse).collect(Collectors.toMap(t -> t.op, t -> new long[] {t.start, t.end}));
        assertEquals(outcome.workload().reads(), counts.get("read")[0]);
        assertEquals(outcome.workload().writes(), counts.get("write")[0]);
        // The workload's flushes plus the harness' final flush.
        assertEquals(outcome.workload().flushes() + 1, counts.get("flush")[0]);
        for (long[] startDone : counts.values()) {
            assertEquals(startDone[0], startDone[1], tracegw);
        }
        assertTrue(tracegw.startsWith(" read_start:"), tracegw);
        assertTrue(tracegw.endsWith("\n\n"), "the pre-dump newline ends the output");
    }

    @Test
    void shouldShowAllThreeDownstairsActiveInUpstairsInfo() {
        String info = stdoutByReport.get("upstairs_info");
        String[] lines = info.split("\n");
        assertTrue(lines.length >= 1, info);
        Pattern line = Pattern.compile("^\\[\"Active\",\"Active\",\"Active\"\\] Upstairs: {0,3}\\d+ Downstairs: {0,3}\\d+$");
        List<String> printed = Arrays.stream(lines).filter(l -> !l.isEmpty()).collect(Collectors.toList());
        assertTrue(!printed.isEmpty(), "at least the start-up status line: " + info);
        for (String l : printed) {
            assertTrue(line.matcher(l).matches(), () -> "bad upstairs_info line '" + l + "'");
        }
    }

    private static int order(String op) {
        return List.of("read", "write", "flush").indexOf(op);
    }

    /** Key lines are the lines directly above a histogram header. */
    private static List<String> keyLines(String stdout) {
        List<String> lines = Arrays.asList(stdout.split("\n", -1));
        List<String> keys = new java.util.ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).equals(HEADER)) {
                keys.add(lines.get(i - 1));
            }
        }
        return keys;
    }

    private static void assertHistogramLayout(String stdout) {
        assertTrue(stdout.startsWith("\n"), "a run ended without ^C starts the dump with a newline");
        List<String> lines = Arrays.asList(stdout.split("\n", -1));
        long headers = lines.stream().filter(HEADER::equals).count();
        assertTrue(headers > 0, stdout);
        boolean inHistogram = false;
        for (String l : lines) {
            if (l.equals(HEADER)) {
                inHistogram = true;
            } else if (l.isEmpty()) {
                inHistogram = false;
            } else if (inHistogram) {
                assertTrue(ROW.matcher(l).matches(), () -> "bad row '" + l + "'");
                assertTrue(l.length() >= 68, () -> "short row '" + l + "'");
            }
        }
    }

    private record TraceLine(String op, long start, long end) {
        private static final Pattern SHAPE = Pattern.compile("^ ?(\\w+)_start:(\\d+) +\\1_end:(\\d+)$");

        static TraceLine parse(String line) {
            Matcher m = SHAPE.matcher(line);
            assertTrue(m.matches(), () -> "bad tracegw line '" + line + "'");
            return new TraceLine(m.group(1), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)));
        }
    }


    @Test
    void shouldRecordEveryMetricAndStreamIntervalsThatAddUpToIt() {
        List<String> tags = outcome.metrics().stream().map(m -> m.id().tag()).collect(Collectors.toList());
        assertTrue(tags.containsAll(List.of("perfgw.time.read", "perfgw.time.write", "perfgw.time.flush",
                "perfdw.time.read_for_downstairs_client.0", "perfdw.time.flush_for_downstairs_client.2")),
                () -> "tags: " + tags);
        for (MetricSummary metric : outcome.metrics()) {
            long fromIntervals = intervals.stream().filter(i -> i.id().equals(metric.id()))
                    .mapToLong(i -> i.histogram().getTotalCount()).sum();
            assertEquals(metric.histogram().getTotalCount(), fromIntervals, metric.id().label());
            assertEquals(metric.count(), metric.powerOfTwoBuckets().values().stream().mapToLong(Long::longValue).sum(),
                    metric.id().label());
        }
        MetricSummary reads = outcome.metrics().stream().filter(m -> m.id().tag().equals("perfgw.time.read"))
                .findFirst().orElseThrow();
        assertEquals(outcome.workload().reads(), reads.count());
    }

    @Test
    void shouldApplyLatencyModelsAsRealDelaysThatAreNeverShorterThanTheModel() throws InterruptedException {
        Scenario delayed = ScenarioLoader.loadText(String.join("\n",
                "volume: {block_size: 4096, extent_size: 64, extent_count: 4}",
                "upstairs: {processing: 5us}",
                "downstairs:",
                "  all:",
                "    link: {to_downstairs: 100us, to_upstairs: 150us}",
                "    service: {read: {fixed: 50us}, write: {fixed: 70us}, flush: {fixed: 300us}}",
                "workload: {iodepth: 2, fsync: 4, number_ios: 200, runtime: 60s}",
                ""), "delayed.yaml", Path.of("."), List.of());
        RunOutcome run = new InProcessHarness(delayed, i -> { }, null).execute(new PrintWriter(new StringWriter()));
        assertTrue(run.failures().isEmpty(), () -> "failures: " + run.failures());
        for (MetricSummary metric : run.metrics()) {
            if (!metric.id().report().equals("perfdw")) {
                continue;
            }
            String op = ((String) metric.id().key().get(0)).split(" ")[0];
            long serviceNs = op.equals("read") ? 50_000 : op.equals("write") ? 70_000 : 300_000;
            assertTrue(metric.minNs() >= 100_000 + serviceNs + 150_000,
                    () -> metric.id().label() + " min " + metric.minNs() + " ns is below the models' sum");
        }
    }

    /**
     * A real-time run with no limit goes on until a stop is requested, here from the interval
     * sampler's thread as a signal handler's would be; then it drains and ends whole.
     */
    @Test
    @org.junit.jupiter.api.Timeout(value = 120, unit = java.util.concurrent.TimeUnit.SECONDS)
    void shouldRunWithoutALimitUntilAStopIsRequested() throws InterruptedException {
        Scenario unlimited = ScenarioLoader.loadText(String.join("\n",
                "volume: {block_size: 4096, extent_size: 64, extent_count: 16}",
                "workload: {rwmixread: 50, bs: 4k, iodepth: 4, fsync: 8, runtime: 0}",
                "output: {hlog_interval: 20ms}",
                ""), "unlimited.yaml", Path.of("."), List.of());
        dev.cruciblesim.bench.workload.StopRequest stop = new dev.cruciblesim.bench.workload.StopRequest();
        StringWriter err = new StringWriter();
        // Samples come every 20 ms; the first one taken after the first IO completed asks for the stop.
        RunOutcome stopped = new InProcessHarness(unlimited, sampled -> {
            if (sampled.stream().anyMatch(interval -> interval.counts().totalCount() > 0)) {
                stop.request();
            }
        }, null).execute(new PrintWriter(err), stop);
        assertTrue(stopped.workload().totalIos() > 0, "IO ran before the stop");
        assertTrue(stopped.interrupted());
        assertTrue(stopped.failures().isEmpty(), () -> "failures: " + stopped.failures());
        assertEquals(stopped.workload().reads(), stopped.workload().verifiedReads());
        assertTrue(stopped.finalStatusJson().contains("\"up_count\":0"), stopped.finalStatusJson());
        assertTrue(err.toString().contains("crucible-sim: job workload running with no runtime or IO limit, until "
                + "interrupted (^C)"), err::toString);
    }
}
