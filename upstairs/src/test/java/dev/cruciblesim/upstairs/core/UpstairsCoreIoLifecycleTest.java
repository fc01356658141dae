package dev.cruciblesim.upstairs.core;

import dev.cruciblesim.sim.protocol.DependencyRange;
import dev.cruciblesim.sim.protocol.FlushRequest;
import dev.cruciblesim.sim.protocol.ReadRequest;
import dev.cruciblesim.sim.protocol.WriteRequest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.cruciblesim.upstairs.core.UpstairsFixture.BLOCK_SIZE_BYTES;
import static dev.cruciblesim.upstairs.core.UpstairsFixture.filled;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ids, probe order and the revision-O ack quorums of single guest IOs (spec §2.1, §2.4, §4.1). */
class UpstairsCoreIoLifecycleTest {
    private final UpstairsFixture f = UpstairsFixture.active();

    @Test
    void shouldNumberGuestIosFromOneAndJobsFromOneThousand() {
        f.write(0, 1);
        f.read(0, new byte[BLOCK_SIZE_BYTES]);
        f.flush();

        assertEquals(List.of(
                "gw-write-start(1)", "up-to-ds-write-start(1)",
                "ds-write-io-start(1000,0)", "ds-write-io-start(1000,1)", "ds-write-io-start(1000,2)",
                "gw-read-start(2)", "up-to-ds-read-start(2)",
                "ds-read-io-start(1001,0)", "ds-read-io-start(1001,1)", "ds-read-io-start(1001,2)",
                "gw-flush-start(3)", "up-to-ds-flush-start(3)",
                "ds-flush-io-start(1002,0)", "ds-flush-io-start(1002,1)", "ds-flush-io-start(1002,2)"),
                f.probes.texts());
        for (int c = 0; c < 3; c++) {
            assertEquals(List.of(1000L, 1001L, 1002L), f.ds(c).jobIdsSent());
        }
        assertEquals(1003, f.core.nextJobId());
    }

    @Test
    void shouldSendTheSameWriteRequestToEveryClient() {
        byte[] data = filled(2, 0x5a);
        f.core.apply(UpstairsInput.write(7, data, new RecordingCallback()));

        for (int c = 0; c < 3; c++) {
            WriteRequest request = f.ds(c).request(1000, WriteRequest.class);
            assertEquals(7, request.blockOffset());
            assertSame(data, request.data());
            assertEquals(DependencyRange.NONE, request.dependencies());
            assertEquals("Sent", f.core.jobState(1000, c));
        }
    }

    @Test
    void shouldFireWriteProbesInRevisionOOrderAndAckAtTheSecondOk() {
        List<String> firedBeforeCallback = new ArrayList<>();
        RecordingCallback callback = new RecordingCallback(() -> firedBeforeCallback.addAll(f.probes.texts()));
        f.clock.update(10_000);
        f.core.apply(UpstairsInput.write(0, filled(1, 1), callback));

        f.clock.update(20_000);
        f.writeOk(2, 1000);
        assertEquals(0, callback.calls(), "one OK is not a write quorum");
        assertEquals(1, f.core.guestIosOutstanding());

        f.clock.update(30_000);
        f.writeOk(0, 1000);
        assertTrue(callback.succeeded());
        assertEquals(0, f.core.guestIosOutstanding());

        f.clock.update(40_000);
        f.writeOk(1, 1000);
        assertEquals(1, callback.calls(), "the third OK does not ack again");

        assertEquals(List.of(
                "gw-write-start(1)", "up-to-ds-write-start(1)",
                "ds-write-io-start(1000,0)", "ds-write-io-start(1000,1)", "ds-write-io-start(1000,2)",
                "ds-write-io-done(1000,2)",
                "ds-write-io-done(1000,0)", "up-to-ds-write-done(1)", "gw-write-done(1)",
                "ds-write-io-done(1000,1)"),
                f.probes.texts());
        assertEquals(List.of(10_000L, 10_000L, 10_000L, 10_000L, 10_000L, 20_000L, 30_000L, 30_000L, 30_000L,
                40_000L), f.probes.firings().stream().map(ProbeRecorder.Firing::timestampNs).toList());
        assertEquals(f.probes.texts().subList(0, 9), firedBeforeCallback,
                "gw-write-done marks the hand-over: the guest's callback runs after it, and its time is the guest's");
    }

    @Test
    void shouldAckAReadAtTheFirstOkWithThatClientsData() {
        byte[] buffer = new byte[2 * BLOCK_SIZE_BYTES];
        byte[] data = filled(2, 0x33);
        data[BLOCK_SIZE_BYTES + 5] = 0x44;
        RecordingCallback callback = f.read(5, buffer);
        for (int c = 0; c < 3; c++) {
            ReadRequest request = f.ds(c).request(1000, ReadRequest.class);
            assertEquals(5, request.blockOffset());
            assertEquals(2, request.blockCount());
        }

        f.readOk(1, 1000, data.clone());

        assertTrue(callback.succeeded());
        assertArrayEquals(data, buffer);
        assertEquals(List.of("ds-read-io-done(1000,1)", "up-to-ds-read-done(1)", "gw-read-done(1)"),
                f.probes.texts().subList(5, 8));

        f.readOk(0, 1000, data.clone());
        f.readOk(2, 1000, data.clone());
        assertEquals(1, callback.calls());
        assertNull(f.core.fatalError());
        assertEquals(List.of("ds-read-io-done(1000,0)", "ds-read-io-done(1000,2)"),
                f.probes.texts().subList(8, f.probes.size()));
    }

    @Test
    void shouldNotTouchTheGuestBufferBeforeTheReadIsAcked() {
        byte[] buffer = new byte[BLOCK_SIZE_BYTES];
        RecordingCallback callback = f.read(0, buffer);

        f.readError(0, 1000);

        assertEquals(0, callback.calls());
        assertArrayEquals(new byte[BLOCK_SIZE_BYTES], buffer);
        f.readOk(2, 1000, filled(1, 9));
        assertTrue(callback.succeeded());
        assertArrayEquals(filled(1, 9), buffer);
    }

    @Test
    void shouldAckAFlushAtTheSecondOk() {
        RecordingCallback callback = f.flush();
        for (int c = 0; c < 3; c++) {
            FlushRequest request = f.ds(c).request(1000, FlushRequest.class);
            assertEquals(1, request.flushNumber());
            assertEquals(1, request.generation());
        }

        f.flushOk(1, 1000);
        assertEquals(0, callback.calls());
        assertTrue(f.probes.named("up-to-ds-flush-done").isEmpty());

        f.flushOk(2, 1000);
        assertTrue(callback.succeeded());
        assertEquals(List.of("ds-flush-io-done(1000,2)", "up-to-ds-flush-done(1)", "gw-flush-done(1)"),
                f.probes.texts().subList(6, 9));

        f.flushOk(0, 1000);
        assertEquals(1, callback.calls());
    }

    @Test
    void shouldGiveEachFlushTheNextFlushNumber() {
        f.flush();
        f.write(0, 1);
        f.flush();

        assertEquals(1, f.ds(0).request(1000, FlushRequest.class).flushNumber());
        assertEquals(2, f.ds(0).request(1002, FlushRequest.class).flushNumber());
        assertEquals(3, f.core.nextFlushNumber());
    }

    @Test
    void shouldAckGuestIosOutOfOrderWhenTheirQuorumsArriveOutOfOrder() {
        RecordingCallback first = f.write(0, 1);
        RecordingCallback second = f.write(1, 1);

        f.writeOk(0, 1001);
        f.writeOk(1, 1001);

        assertEquals(0, first.calls());
        assertTrue(second.succeeded());
        assertEquals(1, f.probes.named("gw-write-done").size());
        assertEquals(2, f.probes.named("gw-write-done").get(0).arg0());
    }

    @Test
    void shouldKeepEveryJobWhenTheJobTableGrows() {
        UpstairsFixture big = UpstairsFixture.active(
                UpstairsConfig.revisionO(UpstairsFixture.UPSTAIRS_ID).withMaxInFlightPerClient(5_000));
        int writes = 3_000;
        List<RecordingCallback> callbacks = new ArrayList<>();
        for (int i = 0; i < writes; i++) {
            callbacks.add(big.write(i % 1500, 1));
        }
        assertEquals(writes, big.core.jobsOutstanding());

        for (long id = 1000; id < 1000 + writes; id++) {
            big.writeOkEverywhere(id);
        }
        for (RecordingCallback callback : callbacks) {
            assertTrue(callback.succeeded());
        }
        big.flush();
        big.flushOkEverywhere(1000 + writes);

        assertEquals(0, big.core.jobsOutstanding());
        assertEquals(1001 + writes, big.core.firstUnretiredJobId());
        assertEquals(0, big.core.guestIosOutstanding());
        assertEquals(0, big.core.unexpectedReplies());
    }
}
