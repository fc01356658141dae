package dev.cruciblesim.bench.virtual;

import dev.cruciblesim.bench.bundle.ReportJson;
import dev.cruciblesim.bench.harness.RunOutcome;
import dev.cruciblesim.bench.scenario.Scenario;
import dev.cruciblesim.bench.scenario.ScenarioLoader;
import dev.cruciblesim.bench.workload.IologSink;
import dev.cruciblesim.bench.workload.StopRequest;
import dev.cruciblesim.tracing.report.DTraceReport;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A stop request in virtual time, asked at a virtual instant (from the interval log's callback, on
 * the scheduler's thread, as a signal's flag is read there): issuing stops, the run drains and
 * ends whole, and the same request point gives the same reports.
 */
class VirtualInterruptTest {
    private static final Scenario SCENARIO = ScenarioLoader.loadText(String.join("\n",
            "clock: virtual",
            "volume: {block_size: 4096, extent_size: 64, extent_count: 4}",
            "downstairs:",
            "  all:",
            "    link: {to_downstairs: 10us, to_upstairs: 15us}",
            "    service: {read: {fixed: 20us}, write: {fixed: 30us}, flush: {fixed: 100us}}",
            "workload: {rw: randrw, rwmixread: 50, bs: 4k, iodepth: 4, fsync: 8, runtime: 1s}",
            "output: {hlog_interval: 10ms}",
            ""), "interrupt.yaml", Path.of("."), List.of());

    /** Asks for the stop at the {@code interval}-th interval log sample, 10 ms of virtual time apart. */
    private static RunOutcome runStoppedAtInterval(int interval) {
        StopRequest stop = new StopRequest();
        int[] samples = new int[1];
        return new VirtualHarness(SCENARIO, sampled -> {
            if (++samples[0] == interval) {
                stop.request();
            }
        }, null).execute(new PrintWriter(new StringWriter()), stop);
    }

    private static String stdout(RunOutcome outcome) {
        return outcome.reports().stream().map(DTraceReport::stdout).collect(Collectors.joining());
    }

    @Test
    void shouldStopIssuingDrainAndEndWholeWhenAStopIsRequested() {
        RunOutcome whole = new VirtualHarness(SCENARIO, sampled -> { }, null)
                .execute(new PrintWriter(new StringWriter()));
        RunOutcome stopped = runStoppedAtInterval(3);

        assertFalse(whole.interrupted());
        assertTrue(stopped.interrupted());
        assertTrue(stopped.succeeded(), () -> "failures: " + stopped.failures());
        long ios = stopped.workload().totalIos();
        assertTrue(ios > 0 && ios < whole.workload().totalIos() / 10,
                () -> ios + " IOs after a stop at 30 ms of a 1 s run of " + whole.workload().totalIos());
        // The IO in flight at the request came back and was checked, and the final flush ran.
        assertEquals(stopped.workload().reads(), stopped.workload().verifiedReads());
        assertTrue(stopped.finalStatusJson().contains("\"up_count\":0"), stopped.finalStatusJson());
        long elapsedMs = stopped.workload().elapsedNs() / 1_000_000;
        assertTrue(elapsedMs >= 20 && elapsedMs <= 31, () -> "the workload ended at " + elapsedMs + " ms");
        assertTrue(stopped.summary().endsWith("crucible-sim: interrupted: no IO was issued after the stop request; "
                + "what was in flight drained and the final flush ran"), stopped.summary());
        assertTrue(ReportJson.render(SCENARIO, stopped).contains("\"interrupted\" : true"));
        assertTrue(ReportJson.render(SCENARIO, whole).contains("\"interrupted\" : false"));
    }

    @Test
    void shouldGiveTheSameReportsForTheSameStopInstant() {
        RunOutcome first = runStoppedAtInterval(5);
        RunOutcome second = runStoppedAtInterval(5);
        assertEquals(stdout(first), stdout(second));
        assertEquals(ReportJson.render(SCENARIO, first), ReportJson.render(SCENARIO, second));
        assertTrue(first.workload().totalIos() < runStoppedAtInterval(7).workload().totalIos(),
                "a later stop runs more IO");
    }

    @Test
    void shouldRunNoIoWhenTheStopCameBeforeTheStart() {
        StopRequest stop = new StopRequest();
        stop.request();
        RunOutcome outcome = new VirtualHarness(SCENARIO, sampled -> { }, null)
                .execute(new PrintWriter(new StringWriter()), stop);
        assertTrue(outcome.interrupted());
        assertTrue(outcome.succeeded(), () -> "failures: " + outcome.failures());
        assertEquals(0, outcome.workload().totalIos());
    }

    /** An overloaded open loop stopped by a request keeps its count of arrivals that were due and never issued. */
    @Test
    void shouldCountTheArrivalsAlreadyDueAsUnissued() {
        Scenario overloaded = ScenarioLoader.loadText(String.join("\n",
                "clock: virtual",
                "volume: {block_size: 4096, extent_size: 64, extent_count: 4}",
                "downstairs: {all: {service: {write: {fixed: 1ms}}}}",
                "workload: {rw: write, iodepth: 1, rate_iops: 100000, runtime: 1s}",
                "output: {hlog_interval: 10ms}",
                ""), "overloaded.yaml", Path.of("."), List.of());
        StopRequest stop = new StopRequest();
        int[] samples = new int[1];
        RunOutcome stopped = new VirtualHarness(overloaded, sampled -> {
            if (++samples[0] == 2) {
                stop.request();
            }
        }, null).execute(new PrintWriter(new StringWriter()), stop);
        assertTrue(stopped.interrupted());
        long issued = stopped.workload().totalIos();
        long unissued = stopped.workload().jobs().get(0).unissued();
        // 20 ms at 100k IOPS is 2,000 arrivals; one write a millisecond went out (the final flush aside).
        assertTrue(issued < 40, () -> issued + " issued");
        assertTrue(unissued > 1_900 && unissued + issued <= 2_001, () -> unissued + " unissued, " + issued + " issued");
    }

    /** A request that comes once the workload has finished changes nothing: the run is not marked interrupted. */
    @Test
    void shouldNotMarkARunInterruptedByARequestAfterItsWorkloadFinished() {
        StopRequest stop = new StopRequest();
        // Each job's iolog closes when the job is done; this one's close asks for the stop.
        IologSink askOnClose = job -> new Writer() {
            @Override
            public void write(char[] text, int offset, int length) {
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
                stop.request();
            }
        };
        RunOutcome outcome = new VirtualHarness(SCENARIO, sampled -> { }, askOnClose)
                .execute(new PrintWriter(new StringWriter()), stop);
        assertTrue(stop.requested(), "the iolog was closed");
        assertFalse(outcome.interrupted());
        RunOutcome whole = new VirtualHarness(SCENARIO, sampled -> { }, null)
                .execute(new PrintWriter(new StringWriter()));
        assertEquals(ReportJson.render(SCENARIO, whole), ReportJson.render(SCENARIO, outcome));
    }
}
