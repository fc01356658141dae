package dev.cruciblesim.upstairs.core;

import dev.cruciblesim.sim.protocol.BlockStamp;
import dev.cruciblesim.sim.protocol.ReadRequest;
import dev.cruciblesim.sim.protocol.ReadResponse;
import dev.cruciblesim.sim.protocol.WriteRequest;
import org.junit.jupiter.api.Test;

import static dev.cruciblesim.upstairs.core.UpstairsFixture.BLOCK_SIZE_BYTES;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reads and writes of stamps instead of bytes: the same jobs and quorums, a token out and a stamp per block back. */
class UpstairsCoreStampsTest {
    private final UpstairsFixture f = UpstairsFixture.active();

    private RecordingCallback stampedWrite(long blockOffset, int blocks, long token) {
        RecordingCallback callback = new RecordingCallback();
        f.core.apply(UpstairsInput.StampedIo.write(blockOffset, blocks, token, callback));
        return callback;
    }

    private RecordingCallback stampedRead(long blockOffset, int blocks, long[] buffer) {
        RecordingCallback callback = new RecordingCallback();
        f.core.apply(UpstairsInput.StampedIo.read(blockOffset, blocks, buffer, callback));
        return callback;
    }

    private void readOk(int clientId, long jobId, long[] stamps) {
        f.core.apply(UpstairsInput.reply(clientId, ReadResponse.ofStamps(jobId, stamps)));
    }

    private static long[] stamps(long firstBlock, int blocks, long token) {
        long[] stamps = new long[blocks];
        for (int i = 0; i < blocks; i++) {
            stamps[i] = BlockStamp.of(firstBlock + i, token);
        }
        return stamps;
    }

    @Test
    void shouldSendOneStampedWriteToEveryClientAndAckItAtTheSecondOk() {
        RecordingCallback callback = stampedWrite(7, 256, 99);
        WriteRequest sent = f.ds(0).request(1000, WriteRequest.class);
        assertTrue(sent.isStamped());
        assertNull(sent.data(), "no bytes travel");
        assertEquals(256, sent.stampedBlockCount());
        assertEquals(99, sent.stampToken());
        assertEquals(256L * BLOCK_SIZE_BYTES, sent.sizeBytes(BLOCK_SIZE_BYTES));
        assertSame(sent, f.ds(2).request(1000, WriteRequest.class), "one request shared by the three");

        f.writeOk(0, 1000);
        assertEquals(0, callback.calls());
        f.writeOk(2, 1000);
        assertTrue(callback.succeeded());
    }

    @Test
    void shouldCopyTheFirstReplysStampsIntoTheGuestsBufferAtTheAck() {
        long[] buffer = new long[3];
        RecordingCallback callback = stampedRead(5, 2, buffer);
        assertEquals(2, f.ds(1).request(1000, ReadRequest.class).blockCount());

        readOk(1, 1000, stamps(5, 2, 4));

        assertTrue(callback.succeeded());
        assertArrayEquals(new long[] {BlockStamp.of(5, 4), BlockStamp.of(6, 4), 0}, buffer);
        readOk(0, 1000, stamps(5, 2, 4));
        readOk(2, 1000, stamps(5, 2, 4));
        assertNull(f.core.fatalError());
    }

    @Test
    void shouldFailTheUpstairsWhenAClientReturnsAStaleStamp() {
        stampedRead(5, 2, new long[2]);
        readOk(0, 1000, stamps(5, 2, 4));
        long[] stale = stamps(5, 2, 4);
        stale[1] = BlockStamp.of(6, 3);

        readOk(2, 1000, stale);

        assertEquals("read mismatch: job 1000 (guest id 1) block 6: client 0 returned block stamp 6, write token 4"
                + " but client 2 returned block stamp 6, write token 3", f.core.fatalError());
    }

    @Test
    void shouldFailTheUpstairsWhenAStampedReadIsAnsweredWithBytesOrTooFewStamps() {
        RecordingCallback bytes = stampedRead(0, 1, new long[1]);
        f.readOk(0, 1000, new byte[BLOCK_SIZE_BYTES]);
        assertTrue(f.core.fatalError().contains("no stamps"), f.core.fatalError());
        assertEquals(f.core.fatalError(), bytes.error());

        UpstairsFixture g = UpstairsFixture.active();
        RecordingCallback callback = new RecordingCallback();
        g.core.apply(UpstairsInput.StampedIo.read(0, 2, new long[2], callback));
        g.core.apply(UpstairsInput.reply(0, ReadResponse.ofStamps(1000, new long[1])));
        assertTrue(g.core.fatalError().contains("1 stamps, expected 2"), g.core.fatalError());
    }

    @Test
    void shouldRejectStampedIoOutsideTheVolumeOrWithoutBlocks() {
        RecordingCallback outside = stampedWrite(UpstairsFixture.REGION.totalBlocks() - 1, 2, 1);
        assertTrue(outside.error().contains("outside the volume"), outside.error());
        RecordingCallback empty = stampedRead(0, 0, new long[1]);
        assertTrue(empty.error().contains("empty request"), empty.error());
        RecordingCallback small = stampedRead(0, 2, new long[1]);
        assertTrue(small.error().contains("stamp buffer holds 1"), small.error());
        assertEquals(1000, f.core.nextJobId(), "refused IO becomes no job");
    }
}
