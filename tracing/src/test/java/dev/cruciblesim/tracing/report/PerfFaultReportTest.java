package dev.cruciblesim.tracing.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cruciblesim.sim.protocol.IoOp;
import dev.cruciblesim.tracing.dtrace.AggregationRecord;
import dev.cruciblesim.tracing.probe.FaultProbes;
import dev.cruciblesim.tracing.probe.Probe;
import dev.cruciblesim.tracing.probe.ProbeRegistry;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * perffault on one simulated upstairs and a fault controller sharing its manual clock. Each IO of
 * a scenario gets its own power-of-two latency, so the bucket it lands in says which IO it was.
 */
class PerfFaultReportTest {
    private final ProbeRegistry registry = new ProbeRegistry();
    private final SimulatedUpstairs upstairs = new SimulatedUpstairs(registry, 1);
    private final Probe faultStart = registry.create(FaultProbes.faultStart(), 1, upstairs.clock);
    private final Probe faultEnd = registry.create(FaultProbes.faultEnd(), 1, upstairs.clock);
    private final DTraceReport report = Reports.create("perffault");

    @Test
    void shouldMatchTheSixGuestProbesAndTheTwoFaultProbes() {
        int matched = report.enable(registry);

        assertEquals(8, matched);
        assertEquals("dtrace: script 'perffault.d' matched 8 probes", report.matchedNotice(matched));
    }

    @Test
    void shouldCountAnIoDuringAFaultIfTheFaultTouchedAnyPartOfIt() {
        report.enable(registry);

        upstairs.guestIo(IoOp.READ, 1, 1_024); // before the fault
        guestIoAround(IoOp.READ, 2, 2_048, () -> faultStart.fire(0, 1, "stall")); // straddles the start
        upstairs.guestIo(IoOp.READ, 3, 4_096); // wholly inside the fault
        guestIoAround(IoOp.READ, 4, 8_192, () -> faultEnd.fire(0, 1, "stall")); // straddles the end
        upstairs.guestIo(IoOp.READ, 5, 16_384); // after the fault

        assertEquals(Map.of(
                "read clear", buckets(1_024, 1, 16_384, 1),
                "read during fault", buckets(2_048, 1, 4_096, 1, 8_192, 1)), histograms());
    }

    @Test
    void shouldCountAnIoDuringAFaultThatStartedAndEndedWhileItWasInFlight() {
        report.enable(registry);

        guestIoAround(IoOp.WRITE, 1, 32_768, () -> {
            faultStart.fire(0, 2, "disconnect");
            upstairs.clock.advance(10_000);
            faultEnd.fire(0, 2, "disconnect");
        });
        upstairs.guestIo(IoOp.WRITE, 2, 1_024);

        assertEquals(Map.of("write during fault", buckets(32_768, 1), "write clear", buckets(1_024, 1)), histograms());
    }

    @Test
    void shouldStayDuringAFaultUntilTheLastOfTwoOverlappingFaultsEnds() {
        report.enable(registry);

        faultStart.fire(0, 0, "slow");
        upstairs.guestIo(IoOp.FLUSH, 1, 1_024); // only fault 0
        faultStart.fire(1, 2, "errors");
        guestIoAround(IoOp.FLUSH, 2, 2_048, () -> faultEnd.fire(0, 0, "slow")); // both active at start
        upstairs.guestIo(IoOp.FLUSH, 3, 4_096); // only fault 1 still active
        faultEnd.fire(1, 2, "errors");
        upstairs.guestIo(IoOp.FLUSH, 4, 8_192); // both over

        assertEquals(Map.of(
                "flush during fault", buckets(1_024, 1, 2_048, 1, 4_096, 1),
                "flush clear", buckets(8_192, 1)), histograms());
    }

    @Test
    void shouldCountEveryIoClearWhenNoFaultFires() {
        report.enable(registry);

        upstairs.guestIo(IoOp.READ, 1, 1_024);
        upstairs.guestIo(IoOp.WRITE, 2, 2_048);
        upstairs.guestIo(IoOp.FLUSH, 3, 4_096);
        upstairs.guestIo(IoOp.READ, 4, 1_024);

        assertEquals(Map.of(
                "read clear", buckets(1_024, 2),
                "write clear", buckets(2_048, 1),
                "flush clear", buckets(4_096, 1)), histograms());
    }

    /**
     * Tracing began while a fault was active: its end is the first the script sees of it. The IO
     * in flight at that end overlapped it; the count of active faults must not go below 0, or
     * the next fault's start would not make it active.
     */
    @Test
    void shouldTakeAnEndWithoutAStartAsTheEndOfAFaultBeganBeforeTracing() {
        report.enable(registry);

        guestIoAround(IoOp.READ, 1, 1_024, () -> faultEnd.fire(3, 0, "kill"));
        upstairs.guestIo(IoOp.READ, 2, 2_048);
        faultStart.fire(4, 0, "restart");
        upstairs.guestIo(IoOp.READ, 3, 4_096);

        assertEquals(Map.of(
                "read during fault", buckets(1_024, 1, 4_096, 1),
                "read clear", buckets(2_048, 1)), histograms());
    }

    @Test
    void shouldIgnoreADoneWithoutItsStart() {
        report.enable(registry);

        faultStart.fire(0, 1, "corrupt");
        upstairs.fire("gw-write-done", 7);
        upstairs.guestIo(IoOp.WRITE, 8, 1_024);

        assertEquals(Map.of("write during fault", buckets(1_024, 1)), histograms());
    }

    /**
     * The bytes follow the quantize rules of the spec: one zero row either side of the data, bar
     * length round(count * 40 / total), keys sorted by weighted sum (read clear: 512 * 2 + 1024 =
     * 2048, write during fault: 4096), not in the order they first appeared.
     */
    @Test
    void shouldPrintOneQuantizePerKeySortedByValueAsDtraceDoes() {
        report.enable(registry);
        faultStart.fire(0, 0, "slow");
        upstairs.guestIo(IoOp.WRITE, 1, 5_000); // bucket 4096
        faultEnd.fire(0, 0, "slow");
        upstairs.guestIo(IoOp.READ, 2, 1_000); // bucket 512
        upstairs.guestIo(IoOp.READ, 3, 600); // bucket 512
        upstairs.guestIo(IoOp.READ, 4, 1_500); // bucket 1024

        report.finish();

        String header = "           value  ------------- Distribution ------------- count    \n";
        assertEquals("\n"
                + "  read clear                                        \n"
                + header
                + "             256 |                                         0        \n"
                + "             512 |@@@@@@@@@@@@@@@@@@@@@@@@@@@              2        \n"
                + "            1024 |@@@@@@@@@@@@@                            1        \n"
                + "            2048 |                                         0        \n"
                + "\n"
                + "  write during fault                                \n"
                + header
                + "            2048 |                                         0        \n"
                + "            4096 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ 1        \n"
                + "            8192 |                                         0        \n"
                + "\n", report.stdout());
    }

    /**
     * A guest IO of {@code latencyNs} with {@code inFlight} run a quarter of the way through: it
     * may fire fault probes and advance the clock, by less than three quarters of the latency.
     */
    private void guestIoAround(IoOp op, long gwId, long latencyNs, Runnable inFlight) {
        long startedNs = upstairs.clock.nanoTime();
        upstairs.fire("gw-" + op.probeName() + "-start", gwId);
        upstairs.clock.advance(latencyNs / 4);
        inFlight.run();
        upstairs.clock.advance(latencyNs - (upstairs.clock.nanoTime() - startedNs));
        upstairs.fire("gw-" + op.probeName() + "-done", gwId);
    }

    /** @return each key's non-empty buckets (lower bound to count) */
    private Map<String, SortedMap<Long, Long>> histograms() {
        return report.aggregations().get(0).snapshot().stream()
                .collect(Collectors.toMap(record -> record.key().string(0), AggregationRecord::quantizeBuckets));
    }

    /** @param bucketsAndCounts alternating bucket lower bound and count */
    private static SortedMap<Long, Long> buckets(long... bucketsAndCounts) {
        SortedMap<Long, Long> buckets = new TreeMap<>();
        for (int i = 0; i < bucketsAndCounts.length; i += 2) {
            buckets.put(bucketsAndCounts[i], bucketsAndCounts[i + 1]);
        }
        return buckets;
    }
}
