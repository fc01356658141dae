package dev.cruciblesim.tracing.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cruciblesim.tracing.probe.ProbeRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class PerfDwReportTest {
    private final ProbeRegistry registry = new ProbeRegistry();
    private final DTraceReport report = Reports.create("perfdw");
    private final SimulatedUpstairs upstairs = new SimulatedUpstairs(registry, 1);

    @Test
    void shouldMatchTheSixPerClientIoProbes() {
        int matched = report.enable(registry);

        assertEquals(6, matched);
        assertEquals("dtrace: script 'perfdw.d' matched 6 probes", report.matchedNotice(matched));
    }

    @Test
    void shouldKeyEachClientsLatencySeparately() {
        report.enable(registry);
        // Job 10 goes to all three clients at once; they answer 1000, 2000 and 3000 ns later.
        for (long client = 0; client < 3; client++) {
            upstairs.fire("ds-write-io-start", 10, client);
        }
        upstairs.clock.advance(1000);
        upstairs.fire("ds-write-io-done", 10, 2);
        upstairs.clock.advance(1000);
        upstairs.fire("ds-write-io-done", 10, 0);
        upstairs.clock.advance(1000);
        upstairs.fire("ds-write-io-done", 10, 1);

        report.finish();

        String bar = "|@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ 1        \n";
        String zero = "|                                         0        \n";
        String header = "           value  ------------- Distribution ------------- count    \n";
        String pad = " ".repeat(23);
        assertEquals("\n"
                + "  write for downstairs client" + pad + "                2\n" + header
                + "             256 " + zero + "             512 " + bar + "            1024 " + zero + "\n"
                + "  write for downstairs client" + pad + "                0\n" + header
                + "             512 " + zero + "            1024 " + bar + "            2048 " + zero + "\n"
                + "  write for downstairs client" + pad + "                1\n" + header
                + "            1024 " + zero + "            2048 " + bar + "            4096 " + zero + "\n",
                report.stdout());
    }

    @Test
    void shouldNameTheKeyAfterTheOperationAndIgnoreUnmatchedDones() {
        report.enable(registry);
        upstairs.fire("ds-flush-io-start", 1, 0);
        upstairs.fire("ds-read-io-start", 2, 1);
        upstairs.clock.advance(4);
        upstairs.fire("ds-flush-io-done", 1, 0);
        upstairs.fire("ds-read-io-done", 2, 1);
        upstairs.fire("ds-read-io-done", 2, 2); // client 2 never had job 2 sent

        report.finish();

        List<String> keyLines = report.stdout().lines().filter(line -> line.contains("for downstairs client"))
                .map(String::stripTrailing).toList();
        assertEquals(List.of(
                "  flush for downstairs client                                       0",
                "  read for downstairs client                                        1"), keyLines);
    }
}
