package dev.cruciblesim.tracing.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cruciblesim.tracing.probe.ProbeRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PerfUpstairsRwReportTest {
    private final ProbeRegistry registry = new ProbeRegistry();
    private final DTraceReport report = Reports.create("perf-upstairs-rw");
    private final SimulatedUpstairs upstairs = new SimulatedUpstairs(registry, 1);

    /** One IO through the four probes with the three part latencies given. */
    private void io(String op, long gwId, long queueNs, long downstairsNs, long ackNs) {
        upstairs.fire("gw-" + op + "-start", gwId);
        upstairs.clock.advance(queueNs);
        upstairs.fire("up-to-ds-" + op + "-start", gwId);
        upstairs.clock.advance(downstairsNs);
        upstairs.fire("up-to-ds-" + op + "-done", gwId);
        upstairs.clock.advance(ackNs);
        upstairs.fire("gw-" + op + "-done", gwId);
    }

    /** @return each record's key and the label of its one nonzero bucket */
    private static List<String> recordsWithBucket(String stdout) {
        List<String> lines = stdout.lines().toList();
        List<String> records = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("  ") && !line.contains("|") && !line.contains("Distribution")) {
                String key = lines.get(i).strip();
                int row = i + 2;
                while (!lines.get(row).contains("@")) {
                    row++;
                }
                records.add(key + " @ " + lines.get(row).substring(0, 16).strip());
            }
        }
        return records;
    }

    @Test
    void shouldMatchEightClauses() {
        assertEquals(8, report.enable(registry));
    }

    @Test
    void shouldTimeThreePartsPerOperationInFirstMentionOrder() {
        report.enable(registry);
        io("write", 7, 100, 70_000, 3_000);
        io("flush", 8, 200, 9_000, 20);
        io("read", 9, 1, 1, 1); // reads are not traced by this script

        report.finish();

        assertEquals(List.of(
                "flush guest-upds @ 128",
                "flush upds-ds-upds @ 8192",
                "flush upds-guest @ 16",
                "write guest-upds @ 64",
                "write upds-upds @ 65536",
                "write upds-guest @ 2048"), recordsWithBucket(report.stdout()));
    }

    @Test
    void shouldSkipAStageWhosePreviousStageNeverFired() {
        report.enable(registry);
        // Enabled mid-IO: the start was missed, so none of this IO's stages are timed.
        upstairs.fire("up-to-ds-write-start", 3);
        upstairs.clock.advance(10);
        upstairs.fire("up-to-ds-write-done", 3);
        upstairs.fire("gw-write-done", 3);
        // A complete IO after it is timed as usual.
        io("write", 4, 2, 2, 2);

        report.finish();

        assertEquals(List.of("write guest-upds @ 2", "write upds-upds @ 2", "write upds-guest @ 2"),
                recordsWithBucket(report.stdout()));
    }
}
