package dev.cruciblesim.upstairs.core;

import dev.cruciblesim.sim.protocol.DependencyRange;
import dev.cruciblesim.sim.protocol.FlushRequest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The periodic flush check: an automatic flush only when IO arrived since the last flush (spec §4.3). */
class UpstairsCoreFlushCheckTest {
    private final UpstairsFixture f = UpstairsFixture.active();

    @Test
    void shouldDoNothingWithoutIoSinceTheLastFlush() {
        f.core.apply(UpstairsInput.FLUSH_CHECK);

        assertTrue(f.probes.firings().isEmpty(), f.probes.texts().toString());
        assertTrue(f.ds(0).sent().isEmpty());
        assertEquals(1000, f.core.nextJobId());
    }

    @Test
    void shouldSubmitAFlushAfterAWrite() {
        RecordingCallback write = f.write(0, 1);
        f.probes.clear();

        f.core.apply(UpstairsInput.FLUSH_CHECK);

        assertEquals(List.of("gw-flush-start(2)", "up-to-ds-flush-start(2)", "ds-flush-io-start(1001,0)",
                "ds-flush-io-start(1001,1)", "ds-flush-io-start(1001,2)"), f.probes.texts());
        for (int c = 0; c < 3; c++) {
            FlushRequest flush = f.ds(c).request(1001, FlushRequest.class);
            assertEquals(DependencyRange.of(1000, 1000), flush.dependencies());
            assertEquals(1, flush.flushNumber());
        }
        assertEquals(2, f.core.guestIosOutstanding(), "the automatic flush counts in up_count like O's");

        f.writeOkEverywhere(1000);
        f.flushOkEverywhere(1001);
        assertEquals(1, write.calls(), "the automatic flush has no guest to tell");
        assertEquals(1, f.probes.named("gw-flush-done").size());
        assertEquals(0, f.core.jobsOutstanding());
        assertEquals(0, f.core.guestIosOutstanding());
    }

    @Test
    void shouldSubmitOnlyOneAutomaticFlushForOneBurstOfIo() {
        f.write(0, 1);
        f.write(1, 1);
        f.core.apply(UpstairsInput.FLUSH_CHECK);
        f.core.apply(UpstairsInput.FLUSH_CHECK);

        assertEquals(1, f.probes.named("gw-flush-start").size());
    }

    @Test
    void shouldDoNothingAfterAGuestFlushWithoutNewIo() {
        f.write(0, 1);
        f.flush();
        f.probes.clear();

        f.core.apply(UpstairsInput.FLUSH_CHECK);

        assertTrue(f.probes.firings().isEmpty(), f.probes.texts().toString());
        assertEquals(1002, f.core.nextJobId());
    }

    @Test
    void shouldDoNothingBeforeActivation() {
        UpstairsFixture inactive = new UpstairsFixture();

        inactive.core.apply(UpstairsInput.FLUSH_CHECK);

        assertTrue(inactive.probes.firings().isEmpty());
        assertEquals(1000, inactive.core.nextJobId());
    }
}
