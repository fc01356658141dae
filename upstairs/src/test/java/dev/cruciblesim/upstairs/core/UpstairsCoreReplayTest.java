package dev.cruciblesim.upstairs.core;

import dev.cruciblesim.sim.protocol.ErrorReport;
import dev.cruciblesim.sim.protocol.HereIAm;
import dev.cruciblesim.sim.protocol.LastFlush;
import dev.cruciblesim.sim.protocol.LastFlushAck;
import dev.cruciblesim.sim.protocol.PromoteToActive;
import dev.cruciblesim.sim.protocol.ProtocolVersion;
import dev.cruciblesim.sim.protocol.RegionInfo;
import dev.cruciblesim.sim.protocol.RegionInfoPlease;
import dev.cruciblesim.sim.protocol.YesItsMe;
import dev.cruciblesim.sim.protocol.YouAreNowActive;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static dev.cruciblesim.upstairs.core.UpstairsFixture.REGION;
import static dev.cruciblesim.upstairs.core.UpstairsFixture.UPSTAIRS_ID;
import static dev.cruciblesim.upstairs.core.UpstairsFixture.filled;
import static dev.cruciblesim.upstairs.core.UpstairsFixture.regionUuid;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A client that goes away and comes back (revision O, spec §4.4, §6.1, §7.4): Offline, renegotiation, Replay. */
class UpstairsCoreReplayTest {
    private static final long FIRST = UpstairsCore.FIRST_JOB_ID;

    private final UpstairsFixture f = UpstairsFixture.active();

    /** A write acked everywhere, a flush acked everywhere (which retires both), then two writes client 2 half did. */
    private void flushedThenTwoWrites() {
        f.write(0, 1);
        f.writeOkEverywhere(FIRST);
        f.flush();
        f.flushOkEverywhere(FIRST + 1);
        f.write(1, 1);
        f.write(2, 1);
        for (int c = 0; c < 2; c++) {
            f.writeOk(c, FIRST + 2);
            f.writeOk(c, FIRST + 3);
        }
        f.writeOk(2, FIRST + 2); // client 2 has done job +2; +3 is in flight there when it goes
    }

    /** Takes client {@code c} through the handshake of an Offline client, as far as LastFlush. */
    private void renegotiate(int c, UUID served) {
        f.ds(c).clear();
        f.core.apply(UpstairsInput.clientReconnected(c));
        assertEquals(List.of(new HereIAm(ProtocolVersion.CURRENT, UPSTAIRS_ID, regionUuid(c))), f.ds(c).sent(),
                "it asks for the region it had");
        f.core.apply(UpstairsInput.reply(c, new YesItsMe(ProtocolVersion.CURRENT)));
        assertEquals(new PromoteToActive(UPSTAIRS_ID), last(c), "promoted at once: the upstairs is active");
        f.core.apply(UpstairsInput.reply(c, new YouAreNowActive(UPSTAIRS_ID)));
        assertEquals(new RegionInfoPlease(), last(c));
        f.core.apply(UpstairsInput.reply(c, new RegionInfo(REGION, served)));
    }

    private Object last(int c) {
        List<?> sent = f.ds(c).sent();
        return sent.get(sent.size() - 1);
    }

    @Test
    void shouldHoldAnOfflineClientsJobsAndServeTheGuestWithTheOtherTwo() {
        flushedThenTwoWrites();
        f.core.apply(UpstairsInput.clientLost(2, "connection lost"));
        assertEquals(DsState.OFFLINE, f.core.dsState(2));
        assertEquals(0, f.core.inFlight(2));
        assertEquals("New", f.core.jobState(FIRST + 3, 2), "its job in flight goes back to New, held");
        f.ds(2).clear();

        RecordingCallback write = f.write(3, 1);
        assertFalse(f.ds(2).jobIdsSent().contains(FIRST + 4), "nothing is sent to an Offline client");
        f.writeOk(0, FIRST + 4);
        f.writeOk(1, FIRST + 4);
        assertTrue(write.succeeded(), "two clients are a write's quorum");
        assertEquals(1, f.core.lostConnections());
        String status = f.probes.named("up-status").get(0).str1();
        assertTrue(status.endsWith("\"ds_state\":[\"Active\",\"Active\",\"Offline\"]}}"), status);
    }

    @Test
    void shouldReplayEveryJobAfterTheLastAcknowledgedFlushExactlyOnceThenGoActive() {
        flushedThenTwoWrites();
        f.core.apply(UpstairsInput.clientLost(2, "connection lost"));
        f.write(3, 1);
        f.writeOk(0, FIRST + 4);
        f.writeOk(1, FIRST + 4);
        f.ds(2).clear();
        f.probes.clear();

        renegotiate(2, regionUuid(2));
        assertEquals(new LastFlush(FIRST + 1), last(2), "the newest flush it acknowledged");
        assertEquals(DsState.OFFLINE, f.core.dsState(2), "Offline until the replay starts");
        f.ds(2).clear();
        f.core.apply(UpstairsInput.reply(2, new LastFlushAck(FIRST + 1)));

        // Job +2, which it had done, comes again too: a restarted downstairs may have lost an unflushed write.
        assertEquals(List.of(FIRST + 2, FIRST + 3, FIRST + 4), f.ds(2).jobIdsSent());
        assertEquals(DsState.ACTIVE, f.core.dsState(2));
        assertEquals(3, f.core.replayedJobs());
        List<String> states = f.probes.named("up-status").stream().map(ProbeRecorder.Firing::str1)
                .map(json -> json.substring(json.indexOf("\"ds_state\""))).toList();
        assertEquals(List.of("\"ds_state\":[\"Active\",\"Active\",\"Replay\"]}}",
                "\"ds_state\":[\"Active\",\"Active\",\"Active\"]}}"), states);

        for (long job = FIRST + 2; job <= FIRST + 4; job++) {
            f.writeOk(2, job);
        }
        f.flush();
        f.flushOkEverywhere(FIRST + 5);
        assertEquals(0, f.core.jobsOutstanding(), "every replayed job settled, and the flush retired them all");
        assertEquals(0, f.core.unexpectedReplies());
        assertEquals(3, f.ds(2).jobIdsSent().stream().filter(id -> id < FIRST + 5).count(), "each sent once");
    }

    @Test
    void shouldNotCompareAReplayedReadWithWhatTheGuestWasGiven() {
        f.write(0, 1);
        f.writeOkEverywhere(FIRST);
        byte[] buffer = new byte[UpstairsFixture.BLOCK_SIZE_BYTES];
        RecordingCallback read = f.read(0, buffer);
        f.readOk(0, FIRST + 1, filled(1, 5));
        assertTrue(read.succeeded());
        f.core.apply(UpstairsInput.clientLost(2, "connection lost"));
        renegotiate(2, regionUuid(2));
        f.core.apply(UpstairsInput.reply(2, new LastFlushAck(0)));

        f.readOk(2, FIRST + 1, filled(1, 9)); // newer data than the guest got: not a mismatch
        assertNull(f.core.fatalError());
        assertArrayEquals(filled(1, 5), buffer);
    }

    @Test
    void shouldGiveTheGuestAReplayedReadWhenItIsTheFirstReplyOfAll() {
        f.write(0, 1);
        f.writeOkEverywhere(FIRST);
        byte[] buffer = new byte[UpstairsFixture.BLOCK_SIZE_BYTES];
        RecordingCallback read = f.read(0, buffer);
        f.core.apply(UpstairsInput.clientLost(2, "connection lost"));
        renegotiate(2, regionUuid(2));
        f.core.apply(UpstairsInput.reply(2, new LastFlushAck(0)));

        f.readOk(2, FIRST + 1, filled(1, 6)); // the replayed copy answers before the other two
        assertNull(f.core.fatalError());
        assertTrue(read.succeeded());
        assertArrayEquals(filled(1, 6), buffer);
        f.readOk(0, FIRST + 1, filled(1, 7));
        assertNull(f.core.fatalError(), "no read of a replayed job is compared, as in O");
    }

    @Test
    void shouldAskAgainForAReadThatFailedOnTheClientAndStillRetireEverything() {
        byte[] buffer = new byte[UpstairsFixture.BLOCK_SIZE_BYTES];
        RecordingCallback read = f.read(0, buffer);
        f.readOk(0, FIRST, filled(1, 0));
        f.readOk(1, FIRST, filled(1, 0));
        f.readError(2, FIRST);
        assertTrue(read.succeeded());
        f.core.apply(UpstairsInput.clientLost(2, "connection lost"));
        renegotiate(2, regionUuid(2));
        f.ds(2).clear();
        f.core.apply(UpstairsInput.reply(2, new LastFlushAck(0)));
        assertEquals(List.of(FIRST), f.ds(2).jobIdsSent(), "sent again once");
        f.readOk(2, FIRST, filled(1, 0));
        f.flush();
        f.flushOkEverywhere(FIRST + 1);
        assertEquals(0, f.core.jobsOutstanding(), "the read's counts came out right: it settled and retired");
    }

    @Test
    void shouldNotRetireAReplayedJobBeforeItsNewCopyIsAnswered() {
        f.write(0, 1);
        f.writeOkEverywhere(FIRST);
        f.flush();
        f.flushOkEverywhere(FIRST + 1);
        f.write(1, 1);
        f.write(2, 1);
        f.writeOkEverywhere(FIRST + 2);
        f.writeOkEverywhere(FIRST + 3); // settled everywhere: the retirement cursor has passed them
        f.core.apply(UpstairsInput.clientLost(2, "connection lost"));
        renegotiate(2, regionUuid(2));
        f.core.apply(UpstairsInput.reply(2, new LastFlushAck(FIRST + 1)));
        f.writeError(2, FIRST + 2); // client 2 fails on a replayed copy; +3 is still out there

        f.flush();
        f.flushOk(0, FIRST + 4);
        f.flushOk(1, FIRST + 4);
        assertEquals("Sent", f.core.jobState(FIRST + 3, 2), "a job in flight is never retired");
        f.writeOk(2, FIRST + 3);
        assertEquals(0, f.core.inFlight(2));
        assertEquals(0, f.core.jobsOutstanding(), "once its copy is answered, everything retires");
        assertEquals(0, f.core.unexpectedReplies());
    }

    @Test
    void shouldGoOnWithTheOtherTwoWhenAFailedClientsConnectionIsLost() {
        f.write(0, 1);
        f.writeOk(0, FIRST);
        f.writeOk(1, FIRST);
        f.writeError(2, FIRST);
        assertEquals(DsState.FAILED, f.core.dsState(2));
        f.write(1, 1); // skipped on the failed client
        f.flush(); // skipped too
        f.core.apply(UpstairsInput.clientLost(2, "connection lost"));
        assertNull(f.core.fatalError(), "a failed client's link going is not the volume's end");
        f.writeOk(0, FIRST + 1);
        f.writeOk(1, FIRST + 1);
        f.flushOk(0, FIRST + 2);
        f.flushOk(1, FIRST + 2);
        assertEquals(0, f.core.jobsOutstanding());
        f.core.apply(UpstairsInput.clientReconnected(2));
        assertTrue(f.ds(2).sent().stream().noneMatch(HereIAm.class::isInstance), "a failed client is not taken back");
    }

    @Test
    void shouldFailWhenTheLastFlushAcknowledgedIsNotTheOneSent() {
        f.core.apply(UpstairsInput.clientLost(1, "connection lost"));
        renegotiate(1, regionUuid(1));
        f.core.apply(UpstairsInput.reply(1, new LastFlushAck(77)));
        assertEquals(DsState.DISABLED, f.core.dsState(1));
        assertEquals("downstairs client 1 acknowledged last flush 77, not 0 that it was told", f.core.fatalError());
    }

    @Test
    void shouldStartNegotiatingAgainWhenANewerConnectionReplacesTheOneNegotiating() {
        f.core.apply(UpstairsInput.clientLost(1, "connection lost"));
        f.core.apply(UpstairsInput.clientReconnected(1));
        f.core.apply(UpstairsInput.reply(1, new YesItsMe(ProtocolVersion.CURRENT)));
        renegotiate(1, regionUuid(1)); // a second connection: HereIAm again, and on to LastFlush
        assertEquals(new LastFlush(0), last(1));
        f.core.apply(UpstairsInput.reply(1, new LastFlushAck(0)));
        assertEquals(DsState.ACTIVE, f.core.dsState(1));
    }

    @Test
    void shouldFailSayingWhyWhenTheDownstairsRefusesTheWayBack() {
        f.core.apply(UpstairsInput.clientLost(1, "connection lost"));
        renegotiate(1, regionUuid(1));
        f.core.apply(UpstairsInput.reply(1, ErrorReport.ofConnection("LastFlush refused: not active")));
        assertEquals(DsState.DISABLED, f.core.dsState(1));
        assertEquals("downstairs client 1 refused to come back: LastFlush refused: not active", f.core.fatalError());
    }

    @Test
    void shouldRefuseWritesAndFlushesWithFewerThanTwoActiveClientsButStillRead() {
        f.core.apply(UpstairsInput.clientLost(1, "connection lost"));
        f.core.apply(UpstairsInput.clientLost(2, "connection lost"));
        assertEquals("write rejected: 1 of 3 downstairs active (Active, Offline, Offline); a write needs 2",
                f.write(0, 1).error());
        assertEquals("flush rejected: 1 of 3 downstairs active (Active, Offline, Offline); a flush needs 2",
                f.flush().error());

        byte[] buffer = new byte[UpstairsFixture.BLOCK_SIZE_BYTES];
        RecordingCallback read = f.read(0, buffer);
        f.readOk(0, FIRST, filled(1, 3));
        assertTrue(read.succeeded(), "one client serves a read");
        assertNull(f.core.fatalError(), "the volume is degraded, not failed");
    }

    @Test
    void shouldFailAClientThatComesBackWithAnotherRegion() {
        f.core.apply(UpstairsInput.clientLost(0, "connection lost"));
        UUID stranger = new UUID(7, 7);
        renegotiate(0, stranger);
        assertEquals(DsState.BAD_REGION, f.core.dsState(0));
        assertTrue(f.core.fatalError().contains("came back with region " + stranger), f.core.fatalError());
    }

    @Test
    void shouldEndTheUpstairsWhenAClientIsLostBeforeItIsActive() {
        UpstairsFixture negotiating = new UpstairsFixture();
        negotiating.core.apply(UpstairsInput.CONNECT);
        negotiating.core.apply(UpstairsInput.clientLost(1, "downstairs client 1: connection refused"));
        assertEquals("downstairs client 1: connection refused", negotiating.core.fatalError());
    }

    @Test
    void shouldIgnoreAReconnectOfAClientThatIsNotOffline() {
        f.core.apply(UpstairsInput.clientReconnected(1));
        assertTrue(f.ds(1).sent().isEmpty(), "an Active client has nothing to negotiate");
        assertEquals(DsState.ACTIVE, f.core.dsState(1));
    }
}
