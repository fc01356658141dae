package dev.cruciblesim.bench.workload.gen;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The per-IO calls allocate nothing: a million calls must not allocate even one byte per call on this thread. */
class NoAllocationTest {
    private static final int CALLS = 1_000_000;
    /** Far below one byte per call; leaves room for a stray allocation by the measurement itself. */
    private static final long ALLOWANCE_BYTES = 64 * 1024;

    @Test
    void shouldNotAllocatePerCall() {
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        assumeTrue(threads instanceof com.sun.management.ThreadMXBean, "no per-thread allocation counter");
        com.sun.management.ThreadMXBean counter = (com.sun.management.ThreadMXBean) threads;
        assumeTrue(counter.isThreadAllocatedMemorySupported() && counter.isThreadAllocatedMemoryEnabled(),
                "per-thread allocation counting is off");

        SplittableRandom random = new SplittableRandom(1);
        RangePicker zipf = RandomDistribution.zipf(1.2).picker(1L << 26);
        RangePicker pareto = RandomDistribution.parse("pareto:0.3:0.5").picker(1_000_003);
        RangePicker normal = RandomDistribution.normal(10).picker(1_000_003);
        RangePicker uniform = RandomDistribution.uniform().picker(1_000_003);
        BlockSizes split = BlockSizes.split("4k/10:64k/50:32k/40").validated(512, 1 << 20);
        BlockSizes range = BlockSizes.range("4k-128k").validated(512, 1 << 20);
        ArrivalProcess.Schedule poisson = ArrivalProcess.poisson(3e6).startingAt(0);
        ArrivalProcess.Schedule linear = ArrivalProcess.linear(3e6).startingAt(0);
        SequentialCursor cursor = new SequentialCursor(0, 1L << 30);

        LongSupplier[] calls = {
            () -> zipf.next(random),
            () -> pareto.next(random),
            () -> normal.next(random),
            () -> uniform.next(random),
            () -> split.nextBytes(true, random),
            () -> range.nextBytes(false, random),
            () -> poisson.nextArrivalNs(random),
            () -> linear.nextArrivalNs(random),
            () -> cursor.next(4096),
        };
        String[] names = {"zipf", "pareto", "normal", "uniform", "bssplit", "bsrange", "poisson", "linear", "cursor"};
        long sink = 0;
        for (int c = 0; c < calls.length; c++) {
            for (int i = 0; i < CALLS / 10; i++) {
                sink += calls[c].getAsLong(); // warm up, so the measured loop runs compiled
            }
            long before = counter.getThreadAllocatedBytes(Thread.currentThread().getId());
            for (int i = 0; i < CALLS; i++) {
                sink += calls[c].getAsLong();
            }
            long allocated = counter.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
            assertTrue(allocated < ALLOWANCE_BYTES, names[c] + " allocated " + allocated + " bytes in " + CALLS
                    + " calls");
        }
        assertTrue(sink != 42, "keeps the results alive");
    }
}
