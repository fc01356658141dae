package dev.cruciblesim.tracing.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cruciblesim.sim.protocol.IoOp;
import dev.cruciblesim.tracing.metrics.MetricInterval;
import dev.cruciblesim.tracing.metrics.MetricRecorder;
import dev.cruciblesim.tracing.probe.FaultProbes;
import dev.cruciblesim.tracing.probe.Probe;
import dev.cruciblesim.tracing.probe.ProbeRegistry;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Once a thread has seen a key, firing into perfgw, perfdw and perffault allocates nothing: start
 * arrays are unboxed and aggregation lookups compare raw arguments. Measured with HotSpot's per-thread
 * allocation counter; a loose bound absorbs the counter's own noise.
 */
class FiringAllocationTest {
    private static final int FIRINGS = 20_000;
    private static final long NOISE_BYTES = 4_096;

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    private static boolean measurable() {
        return ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean bean
                && bean.isThreadAllocatedMemorySupported() && bean.isThreadAllocatedMemoryEnabled();
    }

    @Test
    void shouldNotAllocateWhenPerfgwAndPerfdwFireOnKnownKeys() {
        assumeTrue(measurable(), "this JVM cannot count per-thread allocation");
        ProbeRegistry registry = new ProbeRegistry();
        SimulatedUpstairs upstairs = new SimulatedUpstairs(registry, 1);
        Reports.create("perfgw").enable(registry);
        Reports.create("perfdw").enable(registry);
        fire(upstairs, 0); // first sight of every key, and warm-up

        long before = allocatedBytes();
        fire(upstairs, FIRINGS);
        long allocated = allocatedBytes() - before;

        assertTrue(allocated < NOISE_BYTES, allocated + " bytes allocated by " + FIRINGS + " IOs");
    }

    /**
     * perffault on both of its paths: IOs clear of faults and IOs during one, with the fault
     * probes' three-argument firings going through the fan-out and the clause guard.
     */
    @Test
    void shouldNotAllocateWhenPerffaultFiresOnKnownKeys() {
        assumeTrue(measurable(), "this JVM cannot count per-thread allocation");
        ProbeRegistry registry = new ProbeRegistry();
        SimulatedUpstairs upstairs = new SimulatedUpstairs(registry, 1);
        Probe faultStart = registry.create(FaultProbes.faultStart(), 1, upstairs.clock);
        Probe faultEnd = registry.create(FaultProbes.faultEnd(), 1, upstairs.clock);
        DTraceReport perffault = Reports.create("perffault");
        perffault.enable(registry);
        // A second consumer on the fault probes, so their firings take the fan-out too.
        registry.enable(FaultProbes.PROVIDER + "*:::", (probe, timestampNs, a0, a1, s0, s1) -> { });
        fireWithFaults(upstairs, faultStart, faultEnd, 0); // first sight of both keys, and warm-up

        long before = allocatedBytes();
        fireWithFaults(upstairs, faultStart, faultEnd, FIRINGS);
        long allocated = allocatedBytes() - before;

        assertTrue(allocated < NOISE_BYTES, allocated + " bytes allocated by " + FIRINGS + " IOs");
        List<String> keys = perffault.aggregations().get(0).snapshot().stream()
                .map(record -> record.key().string(0)).sorted().toList();
        assertEquals(List.of("write clear", "write during fault"), keys);
    }

    /** In both value recording modes: the concurrent recorders and the single-threaded plain histograms. */
    @ParameterizedTest(name = "singleThreaded={0}")
    @ValueSource(booleans = {false, true})
    void shouldNotAllocateWhenRecordingValuesOnKnownKeys(boolean singleThreaded) {
        assumeTrue(measurable(), "this JVM cannot count per-thread allocation");
        ProbeRegistry registry = new ProbeRegistry();
        SimulatedUpstairs upstairs = new SimulatedUpstairs(registry, 1);
        DTraceReport perfgw = Reports.create("perfgw");
        DTraceReport perfdw = Reports.create("perfdw");
        MetricRecorder recorder = new MetricRecorder(List.of(perfgw, perfdw), singleThreaded);
        perfgw.enable(registry);
        perfdw.enable(registry);
        fire(upstairs, 0); // first sight of every key (creating its recorders), and warm-up
        // A first sample swaps each entry's histograms, so firing then writes into a fresh one.
        assertEquals(1 + 3, recorder.sampleInterval(0, 1).size());

        long before = allocatedBytes();
        fire(upstairs, FIRINGS);
        long allocated = allocatedBytes() - before;

        assertTrue(allocated < NOISE_BYTES, allocated + " bytes allocated by " + FIRINGS + " IOs");
        List<MetricInterval> intervals = recorder.sampleInterval(1, 2);
        assertEquals(FIRINGS, intervals.get(0).histogram().getTotalCount(), "every firing was recorded");
        assertEquals(singleThreaded, perfgw.aggregations().get(0).isValueRecordingSingleThreaded());
    }

    /**
     * A sample skips every entry that recorded nothing since the last one on a counter check: it
     * takes, allocates and resets no histogram (each is about 270 KB, and a take allocates one).
     */
    @ParameterizedTest(name = "singleThreaded={0}")
    @ValueSource(booleans = {false, true})
    void shouldTouchNoHistogramWhenSamplingAnIntervalInWhichNothingFired(boolean singleThreaded) {
        assumeTrue(measurable(), "this JVM cannot count per-thread allocation");
        ProbeRegistry registry = new ProbeRegistry();
        SimulatedUpstairs upstairs = new SimulatedUpstairs(registry, 1);
        DTraceReport perfgw = Reports.create("perfgw");
        DTraceReport perfdw = Reports.create("perfdw");
        MetricRecorder recorder = new MetricRecorder(List.of(perfgw, perfdw), singleThreaded);
        perfgw.enable(registry);
        perfdw.enable(registry);
        fire(upstairs, 0);
        assertEquals(1 + 3, recorder.sampleInterval(0, 1).size());
        assertTrue(recorder.sampleInterval(1, 1).isEmpty()); // warm-up of the idle path
        fire(upstairs, FIRINGS);
        // Every entry hands its histogram over: taking any of them again would now cost a new one.
        assertEquals(1 + 3, recorder.sampleInterval(1, 1).size());

        long before = allocatedBytes();
        List<MetricInterval> idle = recorder.sampleInterval(1, 2);
        long allocated = allocatedBytes() - before;

        assertTrue(idle.isEmpty());
        assertTrue(allocated < 16 * NOISE_BYTES, allocated + " bytes allocated by sampling an idle interval");
        upstairs.guestIo(IoOp.WRITE, 2L * FIRINGS, 1000);
        assertEquals(List.of("perfgw.time.write"),
                recorder.sampleInterval(2, 3).stream().map(interval -> interval.id().tag()).toList());
    }

    /** Guest writes with a fault starting every 64th IO and ending 32 IOs later: half of them during it. */
    private static void fireWithFaults(SimulatedUpstairs upstairs, Probe faultStart, Probe faultEnd, long firstGwId) {
        String kind = FaultProbes.KINDS.get(0);
        for (long gwId = firstGwId; gwId < firstGwId + FIRINGS; gwId++) {
            if (gwId % 64 == 0) {
                faultStart.fire(gwId / 64, gwId % 3, kind);
            } else if (gwId % 64 == 32) {
                faultEnd.fire(gwId / 64, gwId % 3, kind);
            }
            upstairs.guestIo(IoOp.WRITE, gwId, 1000 + gwId % 4096);
        }
    }

    private static void fire(SimulatedUpstairs upstairs, long firstGwId) {
        for (long gwId = firstGwId; gwId < firstGwId + FIRINGS; gwId++) {
            upstairs.guestIo(IoOp.WRITE, gwId, 1000 + gwId % 4096);
            upstairs.fire("ds-write-io-start", gwId, gwId % 3);
            upstairs.clock.advance(5000);
            upstairs.fire("ds-write-io-done", gwId, gwId % 3);
        }
    }
}
