package dev.cruciblesim.downstairs.runtime;

import dev.cruciblesim.downstairs.DownstairsConfig;
import dev.cruciblesim.downstairs.InboxWaitStrategy;
import dev.cruciblesim.downstairs.RecordingTrace;
import dev.cruciblesim.downstairs.ServiceTimeModel;
import dev.cruciblesim.downstairs.region.Region;
import dev.cruciblesim.sim.protocol.DependencyRange;
import dev.cruciblesim.sim.protocol.FlushAck;
import dev.cruciblesim.sim.protocol.FlushRequest;
import dev.cruciblesim.sim.protocol.HereIAm;
import dev.cruciblesim.sim.protocol.Message;
import dev.cruciblesim.sim.protocol.PromoteToActive;
import dev.cruciblesim.sim.protocol.ProtocolVersion;
import dev.cruciblesim.sim.protocol.ReadRequest;
import dev.cruciblesim.sim.protocol.ReadResponse;
import dev.cruciblesim.sim.protocol.RegionDefinition;
import dev.cruciblesim.sim.protocol.RegionInfoPlease;
import dev.cruciblesim.sim.protocol.WriteAck;
import dev.cruciblesim.sim.protocol.WriteRequest;
import dev.cruciblesim.sim.protocol.YesItsMe;
import dev.cruciblesim.sim.protocol.YouAreNowActive;
import dev.cruciblesim.sim.transport.MessageSink;
import dev.cruciblesim.tracing.probe.ProbeRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InProcessDownstairsTest {
    private static final long AWAIT_SECONDS = 10;
    private static final int BLOCK_BYTES = 4096;
    private static final RegionDefinition REGION = new RegionDefinition(BLOCK_BYTES, 16, 4);
    private static final long UPSTAIRS_ID = 9;

    private InProcessDownstairs downstairs;

    @AfterEach
    void tearDown() {
        if (downstairs != null) {
            downstairs.close();
        }
    }

    @ParameterizedTest
    @EnumSource(InboxWaitStrategy.class)
    void shouldRoundTripNegotiationAndIoOnItsOwnThread(InboxWaitStrategy waitStrategy) throws Exception {
        RecordingTrace trace = new RecordingTrace();
        CountingSink replies = new CountingSink(trace, 5);
        ProbeRegistry probes = new ProbeRegistry();
        probes.enable("crucible_downstairs*:::", trace);
        downstairs = new InProcessDownstairs(DownstairsConfig.of(1, REGION).withInboxWaitStrategy(waitStrategy),
                Region.sparseInMemory(REGION), probes, replies);
        downstairs.start();

        MessageSink<Message.ToDownstairs> inbox = downstairs.inbox();
        inbox.send(new HereIAm(ProtocolVersion.CURRENT, UPSTAIRS_ID));
        inbox.send(new PromoteToActive(UPSTAIRS_ID));
        inbox.send(new WriteRequest(1000, DependencyRange.NONE, 2, block(6)));
        inbox.send(new ReadRequest(1001, DependencyRange.of(1000, 1000), 2, 1));
        inbox.send(new FlushRequest(1002, DependencyRange.of(1000, 1001), 1, 1));

        assertTrue(replies.await(), "replies: " + trace.replies());
        List<Message.ToUpstairs> received = trace.replies();
        assertEquals(new YesItsMe(ProtocolVersion.CURRENT), received.get(0));
        assertEquals(new YouAreNowActive(UPSTAIRS_ID), received.get(1));
        assertEquals(new WriteAck(1000, null), received.get(2));
        ReadResponse read = (ReadResponse) received.get(3);
        assertNull(read.error());
        assertArrayEquals(block(6), read.data());
        assertEquals(new FlushAck(1002, null), received.get(4));
        assertEquals(List.of("submit-read-start 1001", "os-read-start 1001", "os-read-done 1001",
                "submit-read-done 1001", "reply ReadResponse 1001"), trace.events().subList(7, 12));
        assertTrue(downstairs.isRunning());

        downstairs.close();

        assertFalse(downstairs.isRunning());
        assertNull(downstairs.failure());
        assertFalse(downstairsThreadAlive(1), "the downstairs thread must have ended");
    }

    @Test
    void shouldApplyBackPressureWhenTheRingIsFullAndLoseNothing() throws Exception {
        RecordingTrace trace = new RecordingTrace();
        int writes = 200;
        CountingSink replies = new CountingSink(trace, writes + 1);
        downstairs = new InProcessDownstairs(DownstairsConfig.of(2, REGION).withInboxRingSize(4),
                Region.sparseInMemory(REGION), new ProbeRegistry(), replies);
        downstairs.start();

        downstairs.inbox().send(new PromoteToActive(UPSTAIRS_ID));
        for (int i = 0; i < writes; i++) {
            long jobId = 1000 + i;
            downstairs.inbox().send(new WriteRequest(jobId, DependencyRange.of(1000, jobId - 1), i % 64, block(i)));
        }

        assertTrue(replies.await(), "replies so far: " + trace.replies().size());
        assertEquals(writes + 1, trace.replies().size());
        assertEquals(new WriteAck(1000 + writes - 1, null), trace.lastReply());
    }

    @Test
    void shouldDeliverEverythingAlreadySentBeforeCloseReturns() {
        RecordingTrace trace = new RecordingTrace();
        downstairs = new InProcessDownstairs(DownstairsConfig.of(3, REGION), Region.sparseInMemory(REGION),
                new ProbeRegistry(), trace);
        downstairs.start();
        downstairs.inbox().send(new PromoteToActive(UPSTAIRS_ID));
        for (int i = 0; i < 50; i++) {
            downstairs.inbox().send(new ReadRequest(1000 + i, DependencyRange.NONE, i, 1));
        }

        downstairs.close();

        assertEquals(51, trace.replies().size());
    }

    @Test
    void shouldRecordAFailureStopAndDropLaterMessages() throws Exception {
        RuntimeException boom = new IllegalStateException("upstairs inbox gone");
        CountDownLatch thrown = new CountDownLatch(1);
        MessageSink<Message.ToUpstairs> failingSink = message -> {
            thrown.countDown();
            throw boom;
        };
        downstairs = new InProcessDownstairs(DownstairsConfig.of(4, REGION), Region.sparseInMemory(REGION),
                new ProbeRegistry(), failingSink);
        downstairs.start();

        downstairs.inbox().send(new HereIAm(ProtocolVersion.CURRENT, UPSTAIRS_ID));
        assertTrue(thrown.await(AWAIT_SECONDS, TimeUnit.SECONDS));
        downstairs.inbox().send(new PromoteToActive(UPSTAIRS_ID));
        downstairs.close(); // joins the thread, so everything it did is visible below

        assertSame(boom, downstairs.failure());
        assertFalse(downstairs.isRunning());
        assertEquals(1, downstairs.droppedMessageCount());
    }

    @Test
    void shouldRefuseMessagesBeforeStartAndDropThemAfterClose() {
        downstairs = new InProcessDownstairs(DownstairsConfig.of(5, REGION), Region.sparseInMemory(REGION),
                new ProbeRegistry(), new RecordingTrace());
        MessageSink<Message.ToDownstairs> inbox = downstairs.inbox();
        assertThrows(IllegalStateException.class, () -> inbox.send(new RegionInfoPlease()));

        downstairs.start();
        downstairs.close();
        inbox.send(new PromoteToActive(UPSTAIRS_ID));

        assertEquals(1, downstairs.droppedMessageCount());
        assertThrows(IllegalStateException.class, downstairs::start);
    }

    @Test
    void shouldCloseANeverStartedDownstairsAndCloseTwice() {
        downstairs = new InProcessDownstairs(DownstairsConfig.of(6, REGION), Region.sparseInMemory(REGION),
                new ProbeRegistry(), new RecordingTrace());
        downstairs.close();
        downstairs.close();
        assertFalse(downstairs.isRunning());
    }

    @Test
    void shouldPublishABatchOfHeldSendsAsOneBatchOfItsRing() throws Exception {
        BatchMarkingSink replies = new BatchMarkingSink(4);
        downstairs = new InProcessDownstairs(DownstairsConfig.of(7, REGION), Region.sparseInMemory(REGION),
                new ProbeRegistry(), replies);
        downstairs.batchSends();
        downstairs.start();

        MessageSink<Message.ToDownstairs> inbox = downstairs.inbox();
        inbox.send(new PromoteToActive(UPSTAIRS_ID));
        for (int i = 0; i < 3; i++) {
            inbox.send(new WriteRequest(1000 + i, DependencyRange.of(1000, 999 + i), i, block(i)));
        }
        inbox.endOfBatch();

        assertTrue(replies.await(), "replies: " + replies.events());
        // One claim and one publish of all four: the downstairs sees them as one batch, so its replies end once.
        assertEquals(List.of("YouAreNowActive", "WriteAck 1000", "WriteAck 1001", "WriteAck 1002", "|"),
                replies.events());
    }

    @Test
    void shouldSendTheRepliesItHoldsBeforeWaitingOutAJobsServiceTime() throws Exception {
        BatchMarkingSink replies = new BatchMarkingSink(3);
        long slowJobServiceNs = TimeUnit.MILLISECONDS.toNanos(500);
        downstairs = new InProcessDownstairs(DownstairsConfig.of(8, REGION), Region.sparseInMemory(REGION),
                new ProbeRegistry(), replies, (op, jobId, ioSizeBytes) -> jobId == 1001 ? slowJobServiceNs : 0L);
        downstairs.batchSends();
        downstairs.start();

        MessageSink<Message.ToDownstairs> inbox = downstairs.inbox();
        inbox.send(new PromoteToActive(UPSTAIRS_ID));
        inbox.send(new WriteRequest(1000, DependencyRange.NONE, 0, block(1)));
        inbox.send(new WriteRequest(1001, DependencyRange.of(1000, 1000), 1, block(2)));
        inbox.endOfBatch();

        assertTrue(replies.await(), "replies: " + replies.events());
        // Job 1000's reply is let go when job 1001 starts its service time, not held until the batch ends after it.
        assertEquals(List.of("YouAreNowActive", "WriteAck 1000", "|", "WriteAck 1001", "|"), replies.events());
    }

    private static boolean downstairsThreadAlive(long instanceId) {
        String name = "downstairs-" + instanceId;
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }

    private static byte[] block(int value) {
        byte[] data = new byte[BLOCK_BYTES];
        Arrays.fill(data, (byte) value);
        return data;
    }

    /**
     * Records each reply, and each end of a batch of replies as "|"; counts the replies down, and then the batch
     * end that follows the last, so a test can wait for them without sleeping.
     */
    private static final class BatchMarkingSink implements MessageSink<Message.ToUpstairs> {
        private final List<String> events = new CopyOnWriteArrayList<>();
        private final CountDownLatch remaining;

        BatchMarkingSink(int expectedReplies) {
            this.remaining = new CountDownLatch(expectedReplies + 1);
        }

        @Override
        public void send(Message.ToUpstairs message) {
            String name = message.getClass().getSimpleName();
            events.add(message instanceof Message.JobReply reply ? name + " " + reply.jobId() : name);
            if (remaining.getCount() > 1) {
                remaining.countDown();
            }
        }

        @Override
        public void endOfBatch() {
            events.add("|");
            if (remaining.getCount() == 1) {
                remaining.countDown();
            }
        }

        List<String> events() {
            return List.copyOf(events);
        }

        boolean await() throws InterruptedException {
            return remaining.await(AWAIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** Forwards to a trace and counts replies down, so a test can wait for them without sleeping. */
    private static final class CountingSink implements MessageSink<Message.ToUpstairs> {
        private final RecordingTrace trace;
        private final CountDownLatch remaining;

        CountingSink(RecordingTrace trace, int expectedReplies) {
            this.trace = trace;
            this.remaining = new CountDownLatch(expectedReplies);
        }

        @Override
        public void send(Message.ToUpstairs message) {
            trace.send(message);
            remaining.countDown();
        }

        boolean await() throws InterruptedException {
            return remaining.await(AWAIT_SECONDS, TimeUnit.SECONDS);
        }
    }
}
