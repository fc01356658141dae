package dev.cruciblesim.tracing.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cruciblesim.sim.protocol.IoOp;
import dev.cruciblesim.tracing.metrics.MetricInterval;
import dev.cruciblesim.tracing.metrics.MetricRecorder;
import dev.cruciblesim.tracing.probe.ProbeRegistry;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Once a thread has seen a key, firing into perfgw and perfdw allocates nothing: start arrays are
 * unboxed and aggregation lookups compare raw arguments. Measured with HotSpot's per-thread
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

    @Test
    void shouldNotAllocateWhenRecordingValuesOnKnownKeys() {
        assumeTrue(measurable(), "this JVM cannot count per-thread allocation");
        ProbeRegistry registry = new ProbeRegistry();
        SimulatedUpstairs upstairs = new SimulatedUpstairs(registry, 1);
        DTraceReport perfgw = Reports.create("perfgw");
        DTraceReport perfdw = Reports.create("perfdw");
        MetricRecorder recorder = new MetricRecorder(List.of(perfgw, perfdw));
        perfgw.enable(registry);
        perfdw.enable(registry);
        fire(upstairs, 0); // first sight of every key (creating its recorders), and warm-up
        // A first sample swaps each recorder's histograms, so firing then writes into the other one.
        assertEquals(1 + 3, recorder.sampleInterval(0, 1).size());

        long before = allocatedBytes();
        fire(upstairs, FIRINGS);
        long allocated = allocatedBytes() - before;

        assertTrue(allocated < NOISE_BYTES, allocated + " bytes allocated by " + FIRINGS + " IOs");
        List<MetricInterval> intervals = recorder.sampleInterval(1, 2);
        assertEquals(FIRINGS, intervals.get(0).histogram().getTotalCount(), "every firing was recorded");
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
