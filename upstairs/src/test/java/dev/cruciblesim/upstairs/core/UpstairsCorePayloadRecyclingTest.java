package dev.cruciblesim.upstairs.core;

import dev.cruciblesim.sim.protocol.IoOp;
import dev.cruciblesim.sim.protocol.Message;
import dev.cruciblesim.sim.protocol.WriteRequest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import static dev.cruciblesim.upstairs.core.UpstairsFixture.BLOCK_SIZE_BYTES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pooled write payloads go back to the pool only when reuse cannot be seen: the job retired (no replay will send it
 * again) and every client answered it (no downstairs still reads it).
 */
class UpstairsCorePayloadRecyclingTest {
    private final UpstairsFixture f = UpstairsFixture.active();
    private final List<byte[]> recycled = new ArrayList<>();

    /** A guest write of one block whose array came from the pool. */
    private record PooledWrite(long blockOffset, byte[] buffer, GuestCallback callback)
            implements UpstairsInput.GuestRequest {
        @Override
        public IoOp op() {
            return IoOp.WRITE;
        }

        @Override
        public boolean pooledBuffer() {
            return true;
        }
    }

    private byte[] pooledWrite(long blockOffset) {
        byte[] payload = new byte[BLOCK_SIZE_BYTES];
        f.core.apply(new PooledWrite(blockOffset, payload, new RecordingCallback()));
        return payload;
    }

    private WriteRequest lastWriteSentTo(int clientId) {
        List<Message.ToDownstairs> sent = f.ds(clientId).sent();
        return (WriteRequest) sent.get(sent.size() - 1);
    }

    /**
     * With writes 1000 and 1001 sent to all three: client 2 fails on 1000 with 1001 in its queue and its connection
     * goes, so 1001 is skipped there unanswered (though that downstairs may still read it); the other two answer
     * both and a flush (1002) retires them.
     */
    private void loseClient2WithJob1001SentAndUnansweredThenRetireBoth() {
        f.writeError(2, 1000);
        assertEquals(DsState.FAILED, f.core.dsState(2));
        f.core.apply(UpstairsInput.clientLost(2, "connection reset"));
        assertEquals("Skip", f.core.jobState(1001, 2));
        f.writeOk(0, 1000);
        f.writeOk(1, 1000);
        f.writeOk(0, 1001);
        f.writeOk(1, 1001);
        f.flush();
        f.flushOk(0, 1002);
        f.flushOk(1, 1002);
    }

    @Test
    void shouldRecycleAPooledPayloadOnlyOnceItsJobRetired() {
        f.core.setPayloadRecycler(recycled::add);
        byte[] payload = pooledWrite(0);
        WriteRequest request = lastWriteSentTo(0);
        assertSame(payload, request.data());
        assertTrue(request.payloadReused(), "the downstairs must be told to copy it");

        f.writeOkEverywhere(1000);
        assertEquals(List.of(), recycled, "acked on all three, but not retired: a replay may still send it");
        f.flush();
        f.flushOk(0, 1001);
        f.flushOk(1, 1001);
        assertEquals(List.of(), recycled, "the flush has not finished everywhere");
        f.flushOk(2, 1001);

        assertEquals(1, recycled.size());
        assertSame(payload, recycled.get(0));
        assertEquals(1002, f.core.firstUnretiredJobId());
    }

    @Test
    void shouldLeaveThePayloadOfAJobAClientNeverAnsweredToTheCollector() {
        f.core.setPayloadRecycler(recycled::add);
        byte[] answered = pooledWrite(0);
        byte[] sentButUnanswered = pooledWrite(1);
        assertEquals(List.of(1000L, 1001L), f.ds(2).jobIdsSent());

        loseClient2WithJob1001SentAndUnansweredThenRetireBoth();

        assertEquals(1003, f.core.firstUnretiredJobId(), "everything retired");
        assertEquals(1, recycled.size(), "an error is an answer; a skip of a job sent is not");
        assertSame(answered, recycled.get(0));
        assertFalse(recycled.contains(sentButUnanswered));
    }

    @Test
    void shouldSendAPooledWriteAsAnOrdinaryOneWhenNobodyRecyclesAndNeverRecycleACallersArray() {
        pooledWrite(0);
        assertFalse(lastWriteSentTo(0).payloadReused(), "no recycler: the payload is never reused");

        f.core.setPayloadRecycler(recycled::add);
        f.write(1, 1); // the caller's own array
        assertFalse(lastWriteSentTo(0).payloadReused());
        f.writeOkEverywhere(1000);
        f.writeOkEverywhere(1001);
        f.flush();
        f.flushOkEverywhere(1002);
        assertEquals(1003, f.core.firstUnretiredJobId());
        assertEquals(List.of(), recycled);
    }

    /**
     * Pooled writes from job 1000 on, each made durable by a flush (two job ids a round), for {@code rounds} rounds.
     *
     * @return each round's write request
     */
    private List<WriteRequest> pooledWritesEachFlushed(int rounds) {
        List<WriteRequest> sent = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            long writeJobId = 1000 + 2L * round;
            byte[] payload = pooledWrite(round % 8);
            WriteRequest request = lastWriteSentTo(0);
            assertEquals(writeJobId, request.jobId());
            assertSame(payload, request.data(), "a refilled request carries the new payload");
            assertTrue(request.payloadReused());
            // A request seen before was refilled: by now its earlier job retired (each round retires its own), so
            // the list need not keep the old id; the refill itself must carry this round's id and payload (above).
            sent.add(request);
            f.writeOkEverywhere(writeJobId);
            f.flush();
            f.flushOkEverywhere(writeJobId + 1);
            assertEquals(writeJobId + 2, f.core.firstUnretiredJobId());
        }
        return sent;
    }

    @Test
    void shouldRefillTheRequestOfARetiredPooledWriteForALaterOne() {
        f.core.setPayloadRecycler(recycled::add);
        // The job table's slots (1,024) come round again after 512 rounds of a write and a flush.
        List<WriteRequest> sent = pooledWritesEachFlushed(600);

        Set<WriteRequest> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
        distinct.addAll(sent);
        assertEquals(512, distinct.size(), "a request per slot that held a write, each reused once round");
        assertEquals(600, recycled.size());
    }

    @Test
    void shouldNeverRefillTheRequestOfAJobAClientWasSentAndNeverAnswered() {
        f.core.setPayloadRecycler(recycled::add);
        pooledWrite(0);
        pooledWrite(1);
        WriteRequest sentButUnanswered = lastWriteSentTo(2);
        loseClient2WithJob1001SentAndUnansweredThenRetireBoth();
        assertEquals(1003, f.core.firstUnretiredJobId());

        // Client 2 is gone, so later writes are never answered by all three: none of their requests is reused either.
        for (int round = 0; round < 600; round++) {
            long writeJobId = 1003 + 2L * round;
            pooledWrite(round % 8);
            WriteRequest request = lastWriteSentTo(0);
            assertFalse(request == sentButUnanswered, "job 1001's request came back as job " + writeJobId + "'s");
            f.writeOk(0, writeJobId);
            f.writeOk(1, writeJobId);
            f.flush();
            f.flushOk(0, writeJobId + 1);
            f.flushOk(1, writeJobId + 1);
        }
    }
}
