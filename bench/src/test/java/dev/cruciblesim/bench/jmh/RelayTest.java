package dev.cruciblesim.bench.jmh;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The benchmark's relay must never stop itself, whatever the threads' timing: its proof is in {@link
 * InProcessPipelineBenchmark.Relay}. Tiny rings make the cycle it rules out (a downstairs waiting on the full upstairs
 * ring, the upstairs thread waiting on that downstairs' full ring) come within a few ops if the proof were wrong.
 */
class RelayTest {
    private static final int SLOTS = 16;
    private static final int ROUNDS = 4_000;

    @Test
    void shouldCarryQueueDepth32ThroughRingsOfSixteenSlotsWithoutStopping() {
        InProcessPipelineBenchmark.Relay relay = new InProcessPipelineBenchmark.Relay(SLOTS);
        relay.start();
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                for (int round = 0; round < ROUNDS; round++) {
                    for (int i = 0; i < InProcessPipelineBenchmark.QUEUE_DEPTH; i++) {
                        relay.inFlight[i] = relay.next();
                    }
                    for (CompletableFuture<?> op : relay.inFlight) {
                        op.get(60, TimeUnit.SECONDS);
                    }
                }
            });
            long issuedOps = (long) ROUNDS * InProcessPipelineBenchmark.QUEUE_DEPTH;
            // Every op has its second reply; the window keeps the third ones within slots / 2 of the guest.
            long unfinished = issuedOps - relay.fullyRepliedOps();
            assertEquals(true, unfinished >= 0 && unfinished <= SLOTS / 2, "ops without a third reply: " + unfinished);
        } finally {
            relay.stop();
        }
    }

    @Test
    void shouldRefuseARingSizeThatIsNotAPowerOfTwo() {
        assertThrows(IllegalArgumentException.class, () -> new InProcessPipelineBenchmark.Relay(24));
        assertThrows(IllegalArgumentException.class, () -> new InProcessPipelineBenchmark.Relay(1));
    }
}
