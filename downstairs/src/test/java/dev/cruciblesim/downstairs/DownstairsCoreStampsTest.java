package dev.cruciblesim.downstairs;

import dev.cruciblesim.downstairs.region.Region;
import dev.cruciblesim.sim.protocol.BlockStamp;
import dev.cruciblesim.sim.protocol.DependencyRange;
import dev.cruciblesim.sim.protocol.PromoteToActive;
import dev.cruciblesim.sim.protocol.ReadRequest;
import dev.cruciblesim.sim.protocol.ReadResponse;
import dev.cruciblesim.sim.protocol.RegionDefinition;
import dev.cruciblesim.sim.protocol.WriteAck;
import dev.cruciblesim.sim.protocol.WriteRequest;
import dev.cruciblesim.sim.time.ManualClock;
import dev.cruciblesim.tracing.probe.ProbeRegistry;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A downstairs over a region of stamps: stamped writes stored, stamps read back, service time by the IO's size. */
class DownstairsCoreStampsTest {
    private static final RegionDefinition REGION = new RegionDefinition(4096, 1024, 4);

    private final ManualClock clock = new ManualClock(1_000_000);
    private final RecordingTrace trace = new RecordingTrace();
    private final List<Long> serviceSizesBytes = new ArrayList<>();
    private final DownstairsCore core = new DownstairsCore(DownstairsConfig.of(7, REGION),
            Region.stampsInMemory(REGION), clock, new ProbeRegistry(), trace, (op, jobId, ioSizeBytes) -> {
                serviceSizesBytes.add(ioSizeBytes);
                return 0;
            });

    @Test
    void shouldStoreAStampedWriteAndReadItsStampsBack() {
        core.apply(new PromoteToActive(42));
        trace.clear();
        core.apply(WriteRequest.stamped(1000, DependencyRange.NONE, 100, 256, 5));
        core.apply(new ReadRequest(1001, DependencyRange.of(1000, 1000), 99, 3));

        assertEquals(new WriteAck(1000, null), trace.replies().get(0));
        ReadResponse read = (ReadResponse) trace.lastReply();
        assertNull(read.error());
        assertNull(read.data(), "a region of stamps answers with stamps");
        assertArrayEquals(new long[] {BlockStamp.of(99, 0), BlockStamp.of(100, 5), BlockStamp.of(101, 5)},
                read.stamps());
        // Per-byte service time models see the bytes a stamped IO stands for.
        assertEquals(List.of(256L * 4096, 3L * 4096), serviceSizesBytes);
    }

    @Test
    void shouldAnswerAWriteOfBytesToARegionOfStampsWithAnError() {
        core.apply(new PromoteToActive(42));
        trace.clear();
        core.apply(new WriteRequest(1000, DependencyRange.NONE, 0, new byte[4096]));
        String error = ((WriteAck) trace.lastReply()).error();
        assertTrue(error.contains("write job 1000") && error.contains("holds stamps"), error);
    }
}
