package dev.cruciblesim.tracing.d;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cruciblesim.sim.protocol.IoOp;
import dev.cruciblesim.tracing.probe.Probe;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * Compiled clauses allocate nothing per firing once a key is known: closures are built at
 * compile time, the frame is the thread's, start stamps are unboxed, and aggregation updates use
 * the raw-argument overloads. Measured with HotSpot's per-thread allocation counter; a loose
 * bound absorbs the counter's own noise.
 */
class FiringAllocationTest {
    private static final int IOS = 20_000;
    private static final long NOISE_BYTES = 4_096;

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    private static boolean measurable() {
        return ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean bean
                && bean.isThreadAllocatedMemorySupported() && bean.isThreadAllocatedMemoryEnabled();
    }

    /** Fires through probes looked up once: building probe names per IO would allocate in the test itself. */
    private static void guestIos(Components upstairs, int count) {
        IoOp[] ops = IoOp.values();
        Probe[] starts = new Probe[ops.length];
        Probe[] dones = new Probe[ops.length];
        for (IoOp op : ops) {
            starts[op.ordinal()] = upstairs.probe("gw-" + op.probeName() + "-start");
            dones[op.ordinal()] = upstairs.probe("gw-" + op.probeName() + "-done");
        }
        for (int i = 0; i < count; i++) {
            int op = i % ops.length;
            starts[op].fire(i + 1);
            upstairs.clock.advance(1_000 + i % 7_000);
            dones[op].fire(i + 1);
        }
    }

    @Test
    void shouldNotAllocateWhenAnIntegerOnlyClausePairFires() {
        assumeTrue(measurable(), "this JVM cannot count per-thread allocation");
        Components upstairs = new Components(1);
        upstairs.run("crucible_upstairs*:::gw-*-start { start[arg0] = timestamp; }"
                + " crucible_upstairs*:::gw-*-done /start[arg0]/ {"
                + " @t[probename] = quantize(timestamp - start[arg0]); @n[probename, arg0 % 4] = count();"
                + " @m = max(timestamp - start[arg0]); self->ios++; this->x = arg0 * 2; start[arg0] = 0; }");
        guestIos(upstairs, IOS); // first sight of every key, and warm-up

        long before = allocatedBytes();
        guestIos(upstairs, IOS);
        long allocated = allocatedBytes() - before;

        assertTrue(allocated < NOISE_BYTES, allocated + " bytes allocated by " + IOS + " IOs");
    }

    /** Its strtok(probename, "-") words come from the frame's token cache. */
    @Test
    void shouldNotAllocateWhenTheShippedPerfgwFires() {
        assumeTrue(measurable(), "this JVM cannot count per-thread allocation");
        Components upstairs = new Components(1);
        ShippedScripts.compile("perfgw", DScript.Options.DEFAULT).enable(upstairs.registry);
        guestIos(upstairs, IOS);

        long before = allocatedBytes();
        guestIos(upstairs, IOS);
        long allocated = allocatedBytes() - before;

        assertTrue(allocated < NOISE_BYTES, allocated + " bytes allocated by " + IOS + " IOs");
    }

    /** Sends and acknowledges one job per IO to each of three clients, through probes looked up once. */
    private static void downstairsJobs(Components upstairs, int count) {
        IoOp[] ops = IoOp.values();
        Probe[] starts = new Probe[ops.length];
        Probe[] dones = new Probe[ops.length];
        for (IoOp op : ops) {
            starts[op.ordinal()] = upstairs.probe("ds-" + op.probeName() + "-io-start");
            dones[op.ordinal()] = upstairs.probe("ds-" + op.probeName() + "-io-done");
        }
        for (int i = 0; i < count; i++) {
            int op = i % ops.length;
            for (long client = 0; client < 3; client++) {
                starts[op].fire(i + 1, client);
            }
            upstairs.clock.advance(1_000 + i % 7_000);
            for (long client = 0; client < 3; client++) {
                dones[op].fire(i + 1, client);
            }
        }
    }

    /**
     * Its {@code strjoin(this->cmd, " for downstairs client")} key joins a cached strtok() word
     * and a literal, the same two strings every firing: the frame's join cache returns the key
     * built the first time.
     */
    @Test
    void shouldNotAllocateWhenTheShippedPerfdwFires() {
        assumeTrue(measurable(), "this JVM cannot count per-thread allocation");
        Components upstairs = new Components(1);
        DScript script = ShippedScripts.compile("perfdw", DScript.Options.DEFAULT);
        script.enable(upstairs.registry);
        downstairsJobs(upstairs, IOS);

        long before = allocatedBytes();
        downstairsJobs(upstairs, IOS);
        long allocated = allocatedBytes() - before;

        assertTrue(allocated < NOISE_BYTES, allocated + " bytes allocated by " + IOS + " IOs to 3 clients");
    }
}
