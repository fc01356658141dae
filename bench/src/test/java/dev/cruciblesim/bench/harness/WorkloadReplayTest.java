package dev.cruciblesim.bench.harness;

import dev.cruciblesim.bench.scenario.Scenario;
import dev.cruciblesim.bench.scenario.ScenarioLoader;
import dev.cruciblesim.bench.virtual.VirtualHarness;
import dev.cruciblesim.bench.workload.IologSink;
import dev.cruciblesim.bench.workload.WorkloadResult;
import dev.cruciblesim.bench.workload.trace.Trace;
import dev.cruciblesim.bench.workload.trace.TraceReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replays and exports through the whole harness, in both runtimes: a log fio recorded replays with exactly its
 * reads, writes and syncs, and a run's exported iolog replays to the same IO stream.
 */
class WorkloadReplayTest {
    /** Recorded by fio 3.33 itself; see src/test/resources/traces/README.md. */
    private static final String FIO_LOG = "/traces/fio-randrw-fsync4.iolog";

    @TempDir
    Path temp;

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(WorkloadReplayTest.class.getResource(name).toURI());
    }

    private static Scenario scenario(String clock, String workloadYaml) {
        String yaml = "name: replay-test\nclock: " + clock + "\nreports: [perfgw]\n"
                + "volume: {block_size: 4096, extent_size: 1024, extent_count: 8}\n"
                + "downstairs: {all: {link: {to_downstairs: 20us, to_upstairs: 20us}, service: {write: {fixed: 10us}}}}\n"
                + "workload:\n" + workloadYaml.indent(2);
        return ScenarioLoader.loadText(yaml, "replay-test.yaml", Path.of("."), List.of());
    }

    private static WorkloadResult run(Scenario scenario, IologSink sink) throws InterruptedException {
        Harness harness = scenario.clock().name().equals("VIRTUAL") ? new VirtualHarness(scenario, i -> { }, sink)
                : new InProcessHarness(scenario, i -> { }, sink);
        RunOutcome outcome = harness.execute(new PrintWriter(new StringWriter()));
        assertTrue(outcome.succeeded(), () -> "run failed: " + outcome.failures());
        return outcome.workload();
    }

    /** Counts the actions in a log's lines by splitting them, independently of the trace reader. */
    private static long countAction(Path log, String... actions) throws IOException {
        long count = 0;
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length == 5 && List.of(actions).contains(fields[2])) {
                count++;
            }
        }
        return count;
    }

    @ParameterizedTest
    @ValueSource(strings = {"virtual", "real"})
    void shouldReplayAFioRecordedLogWithExactlyItsReadsWritesAndSyncs(String clock) throws Exception {
        Path log = resource(FIO_LOG);
        long reads = countAction(log, "read");
        long writes = countAction(log, "write");
        long syncs = countAction(log, "sync", "datasync");
        assertTrue(reads > 0 && writes > 0 && syncs > 0, "the test log should hold all three");

        for (String mode : List.of("replay_no_stall: false", "replay_no_stall: true")) {
            WorkloadResult result = run(scenario(clock, "read_iolog: " + log + "\niodepth: 4\n" + mode), null);
            assertEquals(reads, result.reads(), mode);
            assertEquals(writes, result.writes(), mode);
            assertEquals(syncs, result.flushes(), mode);
            assertEquals(reads, result.verifiedReads(), mode);
        }
    }

    @Test
    void shouldReplayAnExportedLogToTheSameIoStreamOnItsTimeline() throws Exception {
        Path first = Files.createDirectories(temp.resolve("first"));
        run(scenario("virtual", "rw: randrw\nbsrange: 4k-32k\nfsync: 8\niodepth: 4\nnumber_ios: 3000"),
                job -> Files.newBufferedWriter(first.resolve(job + ".iolog")));
        Path exported = first.resolve("workload.iolog");

        Path second = Files.createDirectories(temp.resolve("second"));
        WorkloadResult replayed = run(scenario("virtual", "read_iolog: " + exported + "\niodepth: 64"),
                job -> Files.newBufferedWriter(second.resolve(job + ".iolog")));
        assertEquals(3000, replayed.totalIos());
        assertEquals(0, replayed.unissued());

        // Same operations, offsets, lengths and issue times (to the microsecond, the log's resolution).
        assertEquals(records(exported, true), records(second.resolve("workload.iolog"), true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"virtual", "real"})
    void shouldReplayAnExportedLogToTheSameIoSequenceAsFastAsPossible(String clock) throws Exception {
        Path first = Files.createDirectories(temp.resolve("first-" + clock));
        run(scenario(clock, "rw: randrw\nbssplit: 4k/50:16k/50\nflush_mix: 0.05\niodepth: 4\nnumber_ios: 2000"),
                job -> Files.newBufferedWriter(first.resolve(job + ".iolog")));
        Path exported = first.resolve("workload.iolog");

        Path second = Files.createDirectories(temp.resolve("second-" + clock));
        run(scenario(clock, "read_iolog: " + exported + "\nreplay_no_stall: true\niodepth: 4"),
                job -> Files.newBufferedWriter(second.resolve(job + ".iolog")));
        assertEquals(records(exported, false), records(second.resolve("workload.iolog"), false));
    }

    @Test
    void shouldScaleTheRecordedTimeline() throws Exception {
        Path log = resource(FIO_LOG);
        Trace trace = TraceReader.read(log, null);
        Path out = Files.createDirectories(temp.resolve("scaled"));
        run(scenario("virtual", "read_iolog: " + log + "\niodepth: 64\nreplay_time_scale: 200"),
                job -> Files.newBufferedWriter(out.resolve(job + ".iolog")));
        Trace replayed = TraceReader.read(out.resolve("workload.iolog"), null);
        assertEquals(trace.size(), replayed.size());
        long firstNs = trace.timeNs(0);
        assertTrue(firstNs > 0, "fio's first IO comes after its add and open lines");
        for (int i = 0; i < trace.size(); i++) {
            // From the first IO on, twice as fast: every IO at half its recorded distance from the first.
            assertEquals((trace.timeNs(i) - firstNs) / 2 / 1000, replayed.timeNs(i) / 1000, "record " + i);
        }
    }

    @Test
    void shouldWaitOutAPauseLongerThanTheDrainTimeoutAndStartAtTheFirstIo() throws Exception {
        // Absolute times, as block tracers write them: the first IO at 100 s, then 40 s of nothing.
        Path trace = temp.resolve("pause.csv");
        Files.writeString(trace, "time_us,op,offset_bytes,length_bytes\n100000000,write,0,4096\n"
                + "140000000,read,0,4096\n140000010,trim,0,4096\n");
        Path out = Files.createDirectories(temp.resolve("pause"));
        WorkloadResult result = run(scenario("virtual", "read_iolog: " + trace + "\niodepth: 1"),
                job -> Files.newBufferedWriter(out.resolve(job + ".iolog")));
        assertEquals(1, result.writes());
        assertEquals(1, result.reads());
        assertEquals(1, result.verifiedReads());
        assertEquals(1, result.jobs().get(0).skippedTrims());
        Trace issued = TraceReader.read(out.resolve("workload.iolog"), null);
        assertEquals(0, issued.timeNs(0), "the timeline starts at the first IO");
        assertEquals(40_000_000_000L, issued.timeNs(1));
    }

    @Test
    void shouldWrapIoPastTheVolumesEndWhenAsked() throws Exception {
        // The volume holds 8 x 1024 x 4 KiB = 32 MiB; this write is 4 KiB past its end.
        Path trace = temp.resolve("beyond.csv");
        Files.writeString(trace,
                "time_us,op,offset_bytes,length_bytes\n0,write,33558528,4096\n10,read,33558528,4096\n");
        Path out = Files.createDirectories(temp.resolve("wrap"));
        WorkloadResult result = run(scenario("virtual", "read_iolog: " + trace + "\nreplay_out_of_range: wrap"),
                job -> Files.newBufferedWriter(out.resolve(job + ".iolog")));
        assertEquals(1, result.verifiedReads());
        Trace issued = TraceReader.read(out.resolve("workload.iolog"), null);
        assertEquals(4096, issued.offsetBytes(0), "wrapped to 4 KiB into the volume");
    }

    @Test
    void shouldVerifyReadsThatRaceOverlappingWritesThroughTheWholeStack() throws Exception {
        // 8 blocks, 32 IOs in flight, one slow downstairs: reads and writes overlap all the time, and each read
        // must return exactly the writes submitted before it.
        String yaml = "name: overlap\nclock: virtual\nreports: []\n"
                + "volume: {block_size: 4096, extent_size: 8, extent_count: 1}\n"
                + "downstairs:\n  all: {link: {to_downstairs: {kind: exponential, mean: 20us}, "
                + "to_upstairs: {kind: exponential, mean: 20us}}}\n"
                + "  1: {service: {write: {fixed: {kind: exponential, mean: 200us}}, read: {fixed: 150us}}}\n"
                + "workload: {rw: randrw, bsrange: 4k-16k, iodepth: 32, number_ios: 20000, fsync: 0}\n";
        WorkloadResult result = run(ScenarioLoader.loadText(yaml, "overlap.yaml", Path.of("."), List.of()), null);
        assertEquals(result.reads(), result.verifiedReads());
        assertTrue(result.reads() > 5_000, () -> result.reads() + " reads");
    }

    @Test
    void shouldIssueAPoissonJobsRateThroughTheWholeStack() throws Exception {
        Path out = Files.createDirectories(temp.resolve("poisson"));
        WorkloadResult result = run(scenario("virtual", "rate_iops: 20000\nrate_process: poisson\niodepth: 256\n"
                + "runtime: 1s"), job -> Files.newBufferedWriter(out.resolve(job + ".iolog")));
        double expected = 20_000;
        assertTrue(Math.abs(result.totalIos() - expected) < 5 * Math.sqrt(expected), () -> result.totalIos() + " IOs");
        assertEquals(0, result.unissued());
        // Issued on schedule: the exported times (to the microsecond) span the runtime.
        Trace issued = TraceReader.read(out.resolve("workload.iolog"), null);
        assertEquals(result.totalIos(), issued.size());
        assertTrue(issued.durationNs() > 990_000_000L && issued.durationNs() < 1_000_000_000L, issued::toString);
    }

    /** @return each IO record as text: op, offset, length, and with {@code withTimes} the time in microseconds */
    private static List<String> records(Path log, boolean withTimes) throws Exception {
        Trace trace = TraceReader.read(log, null);
        List<String> records = new ArrayList<>();
        for (int i = 0; i < trace.size(); i++) {
            records.add((withTimes ? trace.timeNs(i) / 1000 + " " : "") + trace.op(i) + " " + trace.offsetBytes(i)
                    + " " + trace.lengthBytes(i));
        }
        return records;
    }
}
