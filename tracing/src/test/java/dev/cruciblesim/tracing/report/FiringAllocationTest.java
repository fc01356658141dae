package dev.cruciblesim.tracing.report;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cruciblesim.sim.protocol.IoOp;
import dev.cruciblesim.tracing.probe.ProbeRegistry;
import java.lang.management.ManagementFactory;
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

    private static void fire(SimulatedUpstairs upstairs, long firstGwId) {
        for (long gwId = firstGwId; gwId < firstGwId + FIRINGS; gwId++) {
            upstairs.guestIo(IoOp.WRITE, gwId, 1000 + gwId % 4096);
            upstairs.fire("ds-write-io-start", gwId, gwId % 3);
            upstairs.clock.advance(5000);
            upstairs.fire("ds-write-io-done", gwId, gwId % 3);
        }
    }
}
