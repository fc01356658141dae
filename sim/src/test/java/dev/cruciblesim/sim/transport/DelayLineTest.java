package dev.cruciblesim.sim.transport;

import dev.cruciblesim.sim.latency.LatencyModels;
import dev.cruciblesim.sim.protocol.FlushAck;
import dev.cruciblesim.sim.protocol.Message;
import dev.cruciblesim.sim.time.NanoClock;
import dev.cruciblesim.sim.transport.MessageSink;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real-time link delay line, on a clock the test moves: never early, FIFO per link, no loss. */
class DelayLineTest {
    /** A clock the test thread moves and the delay thread reads. */
    private static final class SteppedClock implements NanoClock {
        private final AtomicLong nowNs = new AtomicLong(1_000);

        @Override
        public long nanoTime() {
            return nowNs.get();
        }

        void set(long timeNs) {
            nowNs.set(timeNs);
        }
    }

    private record Delivery(long jobId, long atNs) {
    }

    private static MessageSink<Message.ToUpstairs> recorder(SteppedClock clock, List<Delivery> deliveries,
            CountDownLatch latch) {
        return message -> {
            deliveries.add(new Delivery(((FlushAck) message).jobId(), clock.nanoTime()));
            latch.countDown();
        };
    }

    @Test
    void deliversEachLinkInOrderAndNeverBeforeItsDelay() throws InterruptedException {
        SteppedClock clock = new SteppedClock();
        DelayLine line = new DelayLine(clock, "test-delay-line");
        List<Delivery> slow = new CopyOnWriteArrayList<>();
        List<Delivery> fast = new CopyOnWriteArrayList<>();
        CountDownLatch slowDone = new CountDownLatch(2);
        CountDownLatch fastDone = new CountDownLatch(1);
        MessageSink<Message.ToUpstairs> slowLink = line.link(LatencyModels.constant(100), new SplittableRandom(1),
                recorder(clock, slow, slowDone));
        MessageSink<Message.ToUpstairs> fastLink = line.link(LatencyModels.constant(50), new SplittableRandom(2),
                recorder(clock, fast, fastDone));
        line.start();
        try {
            slowLink.send(new FlushAck(1, null));   // due at 1100
            fastLink.send(new FlushAck(2, null));   // due at 1050
            slowLink.send(new FlushAck(3, null));   // due at 1100, after job 1

            clock.set(1_060);
            assertTrue(fastDone.await(10, TimeUnit.SECONDS), "the fast link's message was never delivered");
            clock.set(1_100);
            assertTrue(slowDone.await(10, TimeUnit.SECONDS), "the slow link's messages were never delivered");
        } finally {
            line.close();
        }
        assertEquals(List.of(new Delivery(2, 1_060)), fast);
        assertEquals(List.of(1L, 3L), slow.stream().map(Delivery::jobId).toList(), "FIFO per link");
        for (Delivery delivery : slow) {
            assertEquals(1_100, delivery.atNs(), "delivered before its delay had passed");
        }
    }

    @Test
    void endsTheDestinationsBatchAfterEachDeliveryOfWhatWasDue() throws InterruptedException {
        SteppedClock clock = new SteppedClock();
        DelayLine line = new DelayLine(clock, "test-delay-line");
        List<String> calls = new CopyOnWriteArrayList<>();
        CountDownLatch batchEnded = new CountDownLatch(1);
        MessageSink<Message.ToUpstairs> link = line.link(LatencyModels.constant(100), new SplittableRandom(4),
                new MessageSink<>() {
                    @Override
                    public void send(Message.ToUpstairs message) {
                        calls.add("send " + ((FlushAck) message).jobId());
                    }

                    @Override
                    public void endOfBatch() {
                        calls.add("end");
                        batchEnded.countDown();
                    }
                });
        line.start();
        try {
            link.send(new FlushAck(1, null));
            link.send(new FlushAck(2, null));
            link.endOfBatch(); // the sender's batch end is the line's to pass on, when it delivers
            clock.set(1_100);
            assertTrue(batchEnded.await(10, TimeUnit.SECONDS), "the batch was never ended: " + calls);
        } finally {
            line.close();
        }
        assertEquals(List.of("send 1", "send 2", "end"), calls, "both due together, one batch");
    }

    @Test
    void keepsEveryMessageThroughManyRingWrapsWhileTheSenderOutrunsIt() throws InterruptedException {
        SteppedClock clock = new SteppedClock();
        DelayLine line = new DelayLine(clock, "test-delay-line");
        int messages = 100_000; // several times the ring's capacity: the sender must wait for room
        List<Delivery> delivered = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(messages);
        MessageSink<Message.ToUpstairs> link = line.link(LatencyModels.constant(0), new SplittableRandom(3),
                recorder(clock, delivered, done));
        line.start();
        try {
            for (int i = 0; i < messages; i++) {
                link.send(new FlushAck(i, null));
            }
            assertTrue(done.await(30, TimeUnit.SECONDS), (messages - done.getCount()) + " of " + messages
                    + " delivered");
        } finally {
            line.close();
        }
        for (int i = 0; i < messages; i++) {
            assertEquals(i, delivered.get(i).jobId(), "message " + i);
        }
    }

    @Test
    void recordsADestinationThatThrowsInsteadOfDyingSilently() throws InterruptedException {
        SteppedClock clock = new SteppedClock();
        DelayLine line = new DelayLine(clock, "test-delay-line");
        MessageSink<Message.ToUpstairs> link = line.link(LatencyModels.constant(0), new SplittableRandom(4),
                message -> {
                    throw new IllegalStateException("destination broke");
                });
        line.start();
        try {
            link.send(new FlushAck(1, null));
            long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (line.failure() == null && System.nanoTime() - deadlineNs < 0) {
                Thread.onSpinWait();
            }
        } finally {
            line.close();
        }
        assertNotNull(line.failure(), "the failure was not recorded");
        assertEquals("destination broke", line.failure().getMessage());
    }
}
