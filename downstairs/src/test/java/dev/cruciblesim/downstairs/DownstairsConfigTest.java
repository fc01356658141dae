package dev.cruciblesim.downstairs;

import dev.cruciblesim.sim.protocol.RegionDefinition;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DownstairsConfigTest {
    private static final RegionDefinition REGION = DownstairsConfig.defaultBlockRegion(8, 4);

    @Test
    void shouldFillDefaults() {
        DownstairsConfig config = DownstairsConfig.of(3, REGION);
        assertEquals(4096, config.region().blockSizeBytes());
        assertEquals(DownstairsConfig.DEFAULT_INBOX_RING_SIZE, config.inboxRingSize());
        assertEquals(InboxWaitStrategy.BLOCKING, config.inboxWaitStrategy());
        assertEquals(DownstairsConfig.DEFAULT_WRITE_STALL_TIMEOUT_MS, config.writeStallTimeoutMs());
        assertEquals(250, config.withWriteStallTimeoutMs(250).writeStallTimeoutMs());
    }

    @Test
    void shouldRefuseARingSizeThatIsNotAPowerOfTwo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DownstairsConfig.of(3, REGION).withInboxRingSize(1000));
        assertTrue(e.getMessage().contains("downstairs 3") && e.getMessage().contains("1000"), e.getMessage());
    }

    @Test
    void shouldRefuseNegativeIdsAndTimeouts() {
        assertThrows(IllegalArgumentException.class, () -> DownstairsConfig.of(-1, REGION));
        assertThrows(IllegalArgumentException.class, () -> DownstairsConfig.of(1, REGION).withCloseTimeoutMs(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DownstairsConfig.of(1, REGION).withWriteStallTimeoutMs(-5));
        assertEquals("downstairs 1: write stall timeout must be positive, got -5 ms", e.getMessage());
    }
}
