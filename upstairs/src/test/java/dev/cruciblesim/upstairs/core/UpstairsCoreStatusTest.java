package dev.cruciblesim.upstairs.core;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.cruciblesim.upstairs.core.UpstairsFixture.BLOCK_SIZE_BYTES;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code up-status}: up_count is guest IOs not yet completed, ds_count jobs not yet retired (spec §6.3). */
class UpstairsCoreStatusTest {
    private final UpstairsFixture f = UpstairsFixture.active();

    @Test
    void shouldReportOutstandingGuestIosAndUnretiredJobs() {
        for (int i = 0; i < 4; i++) {
            f.write(i, 1);
        }
        f.read(0, new byte[BLOCK_SIZE_BYTES]);
        f.writeOk(0, 1000);
        f.writeOk(1, 1000);
        f.writeOk(1, 1001);
        f.writeOk(2, 1001);
        f.readOk(2, 1004, new byte[BLOCK_SIZE_BYTES]);
        f.clock.update(5_000_000_000L);

        f.core.apply(UpstairsInput.STATUS_TICK);

        List<ProbeRecorder.Firing> status = f.probes.named("up-status");
        assertEquals(1, status.size());
        assertEquals("loop", status.get(0).str0());
        assertEquals("{\"ok\":{\"up_count\":2,\"ds_count\":5,\"ds_state\":[\"Active\",\"Active\",\"Active\"]}}",
                status.get(0).str1());
        assertEquals(5_000_000_000L, status.get(0).timestampNs());
        assertEquals(2, f.core.guestIosOutstanding());
        assertEquals(5, f.core.jobsOutstanding());
    }

    @Test
    void shouldCountAckedButUnretiredJobsInDsCountOnly() {
        f.write(0, 1);
        f.writeOkEverywhere(1000);
        f.flush();
        f.flushOk(0, 1001);
        f.flushOk(1, 1001);

        assertEquals("{\"ok\":{\"up_count\":0,\"ds_count\":2,\"ds_state\":[\"Active\",\"Active\",\"Active\"]}}",
                f.core.statusJson());

        f.flushOk(2, 1001);
        assertEquals("{\"ok\":{\"up_count\":0,\"ds_count\":0,\"ds_state\":[\"Active\",\"Active\",\"Active\"]}}",
                f.core.statusJson());
    }

    @Test
    void shouldFireOnEveryStatusTick() {
        f.core.apply(UpstairsInput.STATUS_TICK);
        f.write(0, 1);
        f.core.apply(UpstairsInput.STATUS_TICK);

        List<ProbeRecorder.Firing> status = f.probes.named("up-status");
        assertEquals(2, status.size());
        assertEquals("{\"ok\":{\"up_count\":1,\"ds_count\":1,\"ds_state\":[\"Active\",\"Active\",\"Active\"]}}",
                status.get(1).str1());
    }

    @Test
    void shouldNotFireTheLoopStatusBeforeActivationNorAfterAFatalError() {
        UpstairsFixture starting = new UpstairsFixture();
        starting.core.apply(UpstairsInput.CONNECT);
        starting.core.apply(UpstairsInput.STATUS_TICK);
        assertEquals(List.of(), starting.probes.named("up-status"), "O's IO loop, which fires it, runs once active");

        f.core.apply(UpstairsInput.fatal("injected"));
        f.core.apply(UpstairsInput.STATUS_TICK);
        assertEquals(List.of(), f.probes.named("up-status"));

        UpstairsFixture active = UpstairsFixture.active();
        active.core.apply(UpstairsInput.STATUS_TICK);
        assertEquals(1, active.probes.named("up-status").size());
    }
}
