package dev.cruciblesim.tracing.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cruciblesim.sim.protocol.IoOp;
import dev.cruciblesim.sim.time.ManualClock;
import dev.cruciblesim.tracing.dtrace.Aggregation;
import dev.cruciblesim.tracing.probe.Probe;
import dev.cruciblesim.tracing.probe.ProbeRegistry;
import dev.cruciblesim.tracing.probe.WorkloadProbes;
import java.util.List;
import org.junit.jupiter.api.Test;

class PerfJobReportTest {
    private final ProbeRegistry registry = new ProbeRegistry();
    private final ManualClock clock = new ManualClock(1_000_000_000L);
    private final DTraceReport report = Reports.create("perfjob");

    private Probe start(IoOp op) {
        return registry.create(WorkloadProbes.jobStart(op), 1, clock);
    }

    private Probe done(IoOp op) {
        return registry.create(WorkloadProbes.jobDone(op), 1, clock);
    }

    @Test
    void shouldMatchTheSixWorkloadProbes() {
        for (IoOp op : IoOp.values()) {
            start(op);
            done(op);
        }
        int matched = report.enable(registry);
        assertEquals(6, matched);
        assertEquals("dtrace: script 'perfjob.d' matched 6 probes", report.matchedNotice(matched));
    }

    @Test
    void shouldSplitServiceAndResponseLatencyByJobAndOperation() {
        Probe readStart = start(IoOp.READ);
        Probe readDone = done(IoOp.READ);
        Probe writeStart = start(IoOp.WRITE);
        Probe writeDone = done(IoOp.WRITE);
        report.enable(registry);
        String reader = "reader";
        String writer = "writer";

        // A reader's read: issued 5 us late, served in 100 us.
        readStart.fire(1, 5_000);
        clock.advance(100_000);
        readDone.fire(1, reader);
        // Two writes of another job, overlapping: 300 us and 200 us, on time.
        writeStart.fire(2, 0);
        writeStart.fire(3, 0);
        clock.advance(200_000);
        writeDone.fire(3, writer);
        clock.advance(100_000);
        writeDone.fire(2, writer);
        // A done without its start (tracing began in between) is not timed, as in D.
        readDone.fire(99, reader);
        report.finish();

        Aggregation service = report.aggregations().get(0);
        Aggregation response = report.aggregations().get(1);
        assertEquals(List.of("reader read service", "writer write service"), keys(service));
        assertEquals(List.of("reader read response", "writer write response"), keys(response));
        String out = report.stdout();
        assertTrue(out.contains("  reader read service"), out);
        assertTrue(out.contains("  writer write response"), out);
        // 100 us falls in the 65536 bucket for service; with the 5 us lag, 105 us is still there.
        assertEquals(1, count(out, "reader read service", 65536));
        assertEquals(1, count(out, "reader read response", 65536));
        assertEquals(1, count(out, "writer write service", 131072));
        assertEquals(1, count(out, "writer write service", 262144));
    }

    @Test
    void shouldAddTheLagToTheResponseLatency() {
        Probe readStart = start(IoOp.READ);
        Probe readDone = done(IoOp.READ);
        report.enable(registry);
        // Served in 10 us, but meant to start 1 ms earlier: response 1.01 ms.
        readStart.fire(7, 1_000_000);
        clock.advance(10_000);
        readDone.fire(7, "late");
        report.finish();
        String out = report.stdout();
        assertEquals(1, count(out, "late read service", 8192));
        assertEquals(1, count(out, "late read response", 524288));
    }

    private static List<String> keys(Aggregation aggregation) {
        return aggregation.snapshot().stream().map(record -> record.key().string(0)).sorted().toList();
    }

    /** @return the count printed in {@code bucket}'s row of the histogram under {@code key} */
    private static long count(String out, String key, long bucket) {
        int at = out.indexOf("  " + key);
        assertTrue(at >= 0, key + " in " + out);
        int end = out.indexOf("\n\n", at);
        for (String line : out.substring(at, end < 0 ? out.length() : end).split("\n")) {
            String[] fields = line.trim().split("\\s+");
            // "value |@@@@ count": the bar is one field, "|" alone when empty.
            if (fields.length == 3 && fields[0].equals(Long.toString(bucket))) {
                return Long.parseLong(fields[2]);
            }
        }
        return 0;
    }
}
