package dev.cruciblesim.upstairs.core;

import dev.cruciblesim.sim.protocol.FlushAck;
import dev.cruciblesim.sim.protocol.ReadResponse;
import dev.cruciblesim.sim.protocol.WriteAck;
import dev.cruciblesim.sim.protocol.YouAreNoLongerActive;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.cruciblesim.upstairs.core.UpstairsFixture.BLOCK_SIZE_BYTES;
import static dev.cruciblesim.upstairs.core.UpstairsFixture.filled;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Error replies, the all-terminal fallback, failed clients, read mismatches and replies that
 * match nothing (spec §4.1, §4.2, §6.1).
 */
class UpstairsCoreErrorTest {
    private final UpstairsFixture f = UpstairsFixture.active();

    @Test
    void shouldAckAWriteWithTwoErrorsOnlyWhenAllThreeAreTerminal() {
        RecordingCallback callback = f.write(0, 1);

        f.writeError(0, 1000);
        f.writeError(1, 1000);
        assertEquals(0, callback.calls(), "the third client may still answer");

        f.writeOk(2, 1000);

        assertTrue(callback.error().contains("2 out of 3"), callback.error());
        assertTrue(f.probes.named("up-to-ds-write-done").isEmpty(), "no quorum was reached");
        assertEquals(List.of(1L), f.probes.named("gw-write-done").stream().map(ProbeRecorder.Firing::arg0).toList());
        assertEquals(0, f.core.guestIosOutstanding());
    }

    @Test
    void shouldAckAWriteWithOneErrorAtTheSecondOk() {
        RecordingCallback callback = f.write(0, 1);

        f.writeOk(0, 1000);
        f.writeError(1, 1000);
        assertEquals(0, callback.calls());
        f.writeOk(2, 1000);

        assertTrue(callback.succeeded());
        assertEquals(1, f.probes.named("up-to-ds-write-done").size());
    }

    @Test
    void shouldFailAReadWhenAllThreeReturnAnError() {
        byte[] buffer = new byte[BLOCK_SIZE_BYTES];
        RecordingCallback callback = f.read(0, buffer);

        f.readError(0, 1000);
        f.readError(1, 1000);
        assertEquals(0, callback.calls());
        f.readError(2, 1000);

        assertTrue(callback.error().contains("3 out of 3"), callback.error());
        assertArrayEquals(new byte[BLOCK_SIZE_BYTES], buffer);
        assertTrue(f.probes.named("up-to-ds-read-done").isEmpty());
        assertEquals(1, f.probes.named("gw-read-done").size());
    }

    @Test
    void shouldEndWithTheReasonWhenAnotherUpstairsTakesADownstairsOver() {
        RecordingCallback callback = f.write(0, 1);

        f.core.apply(UpstairsInput.reply(1, new YouAreNoLongerActive(77)));

        assertEquals(DsState.DISABLED, f.core.dsState(1));
        assertEquals("downstairs client 1 is no longer ours: upstairs 77 took it over (YouAreNoLongerActive)",
                f.core.fatalError());
        assertTrue(callback.error().contains("upstairs 77 took it over"), callback.error());
        assertEquals(0, f.core.unexpectedReplies(), "not a stray reply: it is acted on");
    }

    @Test
    void shouldKeepAClientActiveAfterAReadError() {
        f.read(0, new byte[BLOCK_SIZE_BYTES]);
        f.readError(1, 1000);
        f.write(0, 1);

        assertEquals(DsState.ACTIVE, f.core.dsState(1));
        assertEquals(List.of(1000L, 1001L), f.ds(1).jobIdsSent());
    }

    @Test
    void shouldSkipEveryLaterJobForAClientThatFailedAWrite() {
        f.write(0, 1);
        f.writeError(2, 1000);
        assertEquals(DsState.FAILED, f.core.dsState(2));

        RecordingCallback write = f.write(1, 1);
        RecordingCallback flush = f.flush();

        assertEquals(List.of(1000L), f.ds(2).jobIdsSent(), "a failed client is sent nothing new");
        assertEquals("Skip", f.core.jobState(1001, 2));
        assertEquals("Skip", f.core.jobState(1002, 2));
        assertTrue(f.probes.texts().stream().noneMatch(t -> t.matches("ds-\\w+-io-start\\(100[12],2\\)")),
                f.probes.texts().toString());
        assertTrue(f.core.statusJson().contains("\"ds_state\":[\"Active\",\"Active\",\"Failed\"]"),
                f.core.statusJson());

        f.writeOkEverywhere(1000);
        f.writeOk(0, 1001);
        f.writeOk(1, 1001);
        assertTrue(write.succeeded());
        f.flushOk(0, 1002);
        f.flushOk(1, 1002);
        assertTrue(flush.succeeded());
    }

    @Test
    void shouldSkipEveryLaterJobForAClientThatFailedAFlush() {
        f.flush();
        f.flushError(1, 1000);
        f.write(0, 1);

        assertEquals(DsState.FAILED, f.core.dsState(1));
        assertEquals(List.of(1000L), f.ds(1).jobIdsSent());
        assertEquals("Skip", f.core.jobState(1001, 1));
    }

    @Test
    void shouldSkipQueuedJobsThatWereNeverSentWhenAClientFails() {
        UpstairsFixture small = UpstairsFixture.active(
                UpstairsConfig.revisionO(UpstairsFixture.UPSTAIRS_ID).withMaxInFlightPerClient(2));
        for (int i = 0; i < 4; i++) {
            small.write(i, 1);
        }
        assertEquals(List.of(1000L, 1001L), small.ds(0).jobIdsSent());

        small.writeError(0, 1000);

        assertEquals(List.of(1000L, 1001L), small.ds(0).jobIdsSent(), "queued jobs are skipped, not sent");
        assertEquals("Skip", small.core.jobState(1002, 0));
        assertEquals("Skip", small.core.jobState(1003, 0));
        assertEquals(1, small.core.inFlight(0));
    }

    @Test
    void shouldAckAWriteWithOneOkOneErrorAndOneSkipAsSuccess() {
        f.write(0, 1);
        f.writeError(2, 1000);
        RecordingCallback callback = f.write(1, 1);

        f.writeError(0, 1001);
        assertEquals(0, callback.calls());
        f.writeOk(1, 1001);

        // Revision O fails a write on two or more errors; skips do not count.
        assertTrue(callback.succeeded());
        assertTrue(f.probes.named("up-to-ds-write-done").isEmpty());
    }

    @Test
    void shouldFailTheUpstairsWhenALaterReadDiffersFromTheFirst() {
        byte[] buffer = new byte[2 * BLOCK_SIZE_BYTES];
        RecordingCallback read = f.read(3, buffer);
        RecordingCallback write = f.write(0, 1);
        byte[] first = filled(2, 0x11);
        byte[] differs = first.clone();
        differs[BLOCK_SIZE_BYTES + 10] = 0x12;

        f.readOk(0, 1000, first);
        assertTrue(read.succeeded());
        assertEquals(0, write.calls());

        f.readOk(1, 1000, differs);

        String message = f.core.fatalError();
        assertTrue(message != null && message.contains("job 1000") && message.contains("block 4")
                && message.contains("client 0") && message.contains("client 1"), message);
        assertEquals(List.of(message), f.listener.fatals);
        assertEquals(message, write.error(), "outstanding guest IOs fail with the fatal error");
        assertEquals(1, read.calls(), "the read was already acked and is not failed again");
        assertArrayEquals(first, buffer);
        assertEquals(0, f.core.guestIosOutstanding());
    }

    @Test
    void shouldRejectIoAfterAReadMismatch() {
        f.read(0, new byte[BLOCK_SIZE_BYTES]);
        f.readOk(0, 1000, filled(1, 1));
        f.readOk(2, 1000, filled(1, 2));
        String fatal = f.core.fatalError();
        f.probes.clear();
        long nextJobId = f.core.nextJobId();

        RecordingCallback write = f.write(0, 1);
        RecordingCallback read = f.read(0, new byte[BLOCK_SIZE_BYTES]);
        RecordingCallback flush = f.flush();
        f.core.apply(UpstairsInput.FLUSH_CHECK);

        assertTrue(write.error().contains("rejected") && write.error().contains(fatal), write.error());
        assertTrue(read.error().contains("rejected") && read.error().contains(fatal), read.error());
        assertTrue(flush.error().contains("rejected") && flush.error().contains(fatal), flush.error());
        assertEquals(nextJobId, f.core.nextJobId());
        assertEquals(List.of(1000L), f.ds(0).jobIdsSent());
        assertTrue(f.probes.firings().isEmpty(), f.probes.texts().toString());
        assertFalse(f.core.isActive());
    }

    @Test
    void shouldFailTheUpstairsWhenAReadReturnsTheWrongAmountOfData() {
        RecordingCallback read = f.read(0, new byte[2 * BLOCK_SIZE_BYTES]);

        f.readOk(0, 1000, filled(1, 0));

        assertTrue(f.core.fatalError().contains("job 1000") && f.core.fatalError().contains("4096 bytes"),
                f.core.fatalError());
        assertEquals(f.core.fatalError(), read.error());
    }

    @Test
    void shouldCountAReplyForAnUnknownJobAndChangeNothingElse() {
        RecordingCallback callback = f.write(0, 1);
        String status = f.core.statusJson();

        f.writeOk(0, 1005);
        f.writeOk(0, 999);
        f.core.apply(UpstairsInput.reply(1, new FlushAck(1000, null)));

        assertEquals(3, f.core.unexpectedReplies());
        assertUnchanged(status, callback);
        f.writeOk(0, 1000);
        f.writeOk(1, 1000);
        assertTrue(callback.succeeded(), "the real replies still count");
    }

    @Test
    void shouldCountADuplicateReplyAndChangeNothingElse() {
        RecordingCallback callback = f.write(0, 1);
        f.writeOk(0, 1000);
        assertEquals(0, f.core.inFlight(0));
        String status = f.core.statusJson();

        f.writeOk(0, 1000);
        f.core.apply(UpstairsInput.reply(0, new WriteAck(1000, "late error")));

        assertEquals(2, f.core.unexpectedReplies());
        assertUnchanged(status, callback);
        assertEquals(0, f.core.inFlight(0), "in-flight does not go negative");
        assertEquals("Done", f.core.jobState(1000, 0));
        assertEquals(DsState.ACTIVE, f.core.dsState(0), "a duplicate error does not fail the client");
        f.writeOk(1, 1000);
        assertTrue(callback.succeeded(), "the duplicate did not count as the second OK");
    }

    @Test
    void shouldCountAReplyForAJobThatWasSkippedOnThatClient() {
        f.write(0, 1);
        f.writeError(2, 1000);
        f.write(1, 1);

        f.core.apply(UpstairsInput.reply(2, new WriteAck(1001, null)));

        assertEquals(1, f.core.unexpectedReplies());
        assertEquals("Skip", f.core.jobState(1001, 2));
    }

    @Test
    void shouldCountAReadReplyForARetiredJob() {
        f.read(0, new byte[BLOCK_SIZE_BYTES]);
        for (int c = 0; c < 3; c++) {
            f.readOk(c, 1000, filled(1, 0));
        }
        f.flush();
        f.flushOkEverywhere(1001);
        assertEquals(0, f.core.jobsOutstanding());

        f.core.apply(UpstairsInput.reply(0, new ReadResponse(1000, filled(1, 7), null)));

        assertEquals(1, f.core.unexpectedReplies());
        assertNull(f.core.fatalError(), "data for a retired job is not compared with anything");
    }

    @Test
    void shouldIgnoreNegotiationMessagesOnceActive() {
        f.core.apply(UpstairsInput.reply(1, new dev.cruciblesim.sim.protocol.YesItsMe(1)));
        f.core.apply(UpstairsInput.reply(2, new dev.cruciblesim.sim.protocol.ExtentVersions(new long[1], new long[1],
                new boolean[1])));

        assertEquals(2, f.core.unexpectedReplies());
        assertEquals(DsState.ACTIVE, f.core.dsState(1));
        assertEquals(DsState.ACTIVE, f.core.dsState(2));
        f.write(0, 1);
        assertEquals(1, f.core.inFlight(1), "the client still gets new jobs");
        assertEquals(1, f.core.inFlight(2), "the client still gets new jobs");
    }

    private void assertUnchanged(String status, RecordingCallback callback) {
        assertEquals(status, f.core.statusJson());
        assertEquals(0, callback.calls());
        assertEquals("Sent", f.core.jobState(1000, 1));
        assertEquals("Sent", f.core.jobState(1000, 2));
        for (int c = 0; c < 3; c++) {
            assertEquals(List.of(1000L), f.ds(c).jobIdsSent(), "nothing more was sent");
            assertEquals(DsState.ACTIVE, f.core.dsState(c));
        }
        assertNull(f.core.fatalError());
    }
}
