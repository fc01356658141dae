package dev.cruciblesim.tracing.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.cruciblesim.sim.protocol.IoOp;
import dev.cruciblesim.tracing.dtrace.RunEnd;
import dev.cruciblesim.tracing.dtrace.SeedBlocks;
import dev.cruciblesim.tracing.probe.ProbeRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraceGwReportTest {
    private final ProbeRegistry registry = new ProbeRegistry();
    private final DTraceReport report = Reports.create("tracegw");
    private final SimulatedUpstairs upstairs = new SimulatedUpstairs(registry, 1);

    @Test
    void shouldBeQuietAndMatchSixProbesPlusEnd() {
        int matched = report.enable(registry);

        assertEquals(7, matched);
        assertNull(report.matchedNotice(matched));
    }

    @Test
    void shouldPrintTheSeedCountsWithOnlyTheFirstLineIndented() {
        report.enable(registry);
        long gwId = 0;
        for (int i = 0; i < 1000; i++) {
            upstairs.guestIo(IoOp.READ, gwId++, 10);
            upstairs.guestIo(IoOp.WRITE, gwId++, 10);
            upstairs.guestIo(IoOp.FLUSH, gwId++, 10);
        }

        report.finish(RunEnd.INTERRUPT);

        List<String> seed = SeedBlocks.lines("tracegw-lines.txt");
        // The README hand-indented lines 2 and 3 (spec §9(d)); the script indents only the first.
        assertEquals("\n" + seed.get(0) + "\n" + seed.get(1).substring(1) + "\n" + seed.get(2).substring(1) + "\n\n",
                report.stdout());
        assertEquals("\n read_start:1000    read_end:1000\nwrite_start:1000   write_end:1000\n"
                + "flush_start:1000   flush_end:1000\n\n", report.stdout());
    }

    @Test
    void shouldPrintZeroForTheUnfiredSideAndNoLineWhenNeitherFired() {
        report.enable(registry);
        upstairs.fire("gw-read-start", 1);
        upstairs.fire("gw-read-start", 2);
        upstairs.fire("gw-read-start", 3);
        upstairs.fire("gw-read-done", 1);
        upstairs.fire("gw-flush-start", 4);

        report.finish();

        assertEquals(" read_start:3    read_end:1\nflush_start:1   flush_end:0\n\n", report.stdout());
    }

    @Test
    void shouldPrintOnlyTheDumpNewlineWhenNothingFired() {
        report.enable(registry);

        report.finish();

        assertEquals("\n", report.stdout());
    }
}
