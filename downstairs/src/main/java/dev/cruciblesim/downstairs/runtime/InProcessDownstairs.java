package dev.cruciblesim.downstairs.runtime;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import dev.cruciblesim.downstairs.DownstairsConfig;
import dev.cruciblesim.downstairs.DownstairsCore;
import dev.cruciblesim.downstairs.ServiceTimeModel;
import dev.cruciblesim.downstairs.region.Region;
import dev.cruciblesim.downstairs.repair.RepairEndpoint;
import dev.cruciblesim.sim.protocol.Message;
import dev.cruciblesim.sim.time.PreciseDelay;
import dev.cruciblesim.sim.time.SystemNanoClock;
import dev.cruciblesim.sim.transport.MessageSink;
import dev.cruciblesim.tracing.probe.ProbeRegistry;

import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A downstairs on its own thread, in real time: a {@link DownstairsCore} fed by a single-producer
 * LMAX Disruptor ring.
 *
 * <pre>
 *  upstairs core thread ──inbox().send──▶ [ring: preallocated slots] ──▶ downstairs thread:
 *                                          core.apply ──▶ replies.send (on the downstairs thread)
 * </pre>
 *
 * <p>Contracts:
 * <ul>
 * <li>{@link #inbox()} has exactly one producer: call {@code send} from one thread at a time (the
 *     upstairs core). It never blocks except while the ring is full (back-pressure), and never
 *     hangs: once the downstairs is closed or failed, messages are dropped and counted.</li>
 * <li>The reply sink given at construction is called on the downstairs thread.</li>
 * <li>If the core or the reply sink throws, the downstairs records the exception
 *     ({@link #failure()}) and stops executing: later messages are drained and dropped, like a
 *     crashed downstairs that no longer answers, so the producer cannot block on a full ring.</li>
 * <li>{@link #close()} stops accepting messages, lets the thread finish what is already in the
 *     ring (up to the configured close timeout), then halts and joins the thread. A message whose
 *     {@code send} races with {@code close} may be dropped without being counted.</li>
 * </ul>
 *
 * <p>Service time: with a {@link ServiceTimeModel}, the downstairs thread waits out each job's
 * service time for real ({@link PreciseDelay}: park, then spin for the last microseconds) before
 * the job completes. Messages that arrive meanwhile wait in the ring, so their
 * {@code submit-X-start} fires when the thread gets to them, not when they arrived: the thread is
 * the disk, and a busy disk does not look at its queue.
 */
public final class InProcessDownstairs implements AutoCloseable {
    private static final int NEW = 0;
    private static final int RUNNING = 1;
    private static final int CLOSED = 2;
    /** How often close() checks the drain: rare enough not to compete with the draining thread. */
    private static final long DRAIN_POLL_NS = 50_000;

    private final DownstairsConfig config;
    private final DownstairsCore core;
    private final Disruptor<InboxSlot> disruptor;
    private final InboxHandler handler = new InboxHandler();
    private final RingBuffer<InboxSlot> ring;
    private final MessageSink<Message.ToDownstairs> inbox = new Inbox();
    private final MessageSink<Message.ToUpstairs> replies;
    /** Sends the replies held back so far, before a job's service time is waited out. */
    private final Runnable sendHeldReplies;
    /**
     * With {@link #batchSends}, the messages sent since the producer's last {@link MessageSink#endOfBatch}; the
     * producer's thread only. Null otherwise.
     */
    private Message.ToDownstairs[] heldSends;
    private int heldSendCount;
    private final AtomicInteger state = new AtomicInteger(NEW);
    private final AtomicLong droppedMessageCount = new AtomicLong();
    private volatile Throwable failure;
    private volatile Thread thread;

    /**
     * Builds the core (with {@link SystemNanoClock}, so probes carry real timestamps) and the ring;
     * no thread runs until {@link #start()}.
     */
    public InProcessDownstairs(DownstairsConfig config, Region region, ProbeRegistry probes,
            MessageSink<Message.ToUpstairs> replies) {
        this(config, region, probes, replies, ServiceTimeModel.ZERO);
    }

    /** As above, with each job taking the real service time {@code serviceTime} gives it. */
    public InProcessDownstairs(DownstairsConfig config, Region region, ProbeRegistry probes,
            MessageSink<Message.ToUpstairs> replies, ServiceTimeModel serviceTime) {
        this(config, region, probes, replies, serviceTime, RepairEndpoint.NONE);
    }

    /** As above, repairing extents at start-up reconciliation through {@code repair} (in-JVM peers, typically). */
    public InProcessDownstairs(DownstairsConfig config, Region region, ProbeRegistry probes,
            MessageSink<Message.ToUpstairs> replies, ServiceTimeModel serviceTime, RepairEndpoint repair) {
        this.config = Objects.requireNonNull(config, "config");
        this.replies = Objects.requireNonNull(replies, "replies");
        this.sendHeldReplies = replies::endOfBatch;
        this.core = new DownstairsCore(config, region, SystemNanoClock.INSTANCE, probes, replies, serviceTime,
                repair);
        this.disruptor = new Disruptor<>(InboxSlot::new, config.inboxRingSize(), new DownstairsThreadFactory(),
                ProducerType.SINGLE, CoreRings.waitStrategy(config.inboxWaitStrategy()));
        disruptor.handleEventsWith(handler);
        disruptor.setDefaultExceptionHandler(CoreRings.failureRecorder(this::recordFailure));
        this.ring = disruptor.getRingBuffer();
    }

    /** Starts the downstairs thread. */
    public void start() {
        if (!state.compareAndSet(NEW, RUNNING)) {
            throw new IllegalStateException("downstairs " + config.instanceId() + " was already started");
        }
        disruptor.start();
    }

    /**
     * From now on, {@link #inbox()} holds what is sent until the producer ends its batch
     * ({@link MessageSink#endOfBatch}), then publishes it all with one claim and one wake-up of this downstairs'
     * thread, rather than one each: a burst of 32 writes from the upstairs costs one hand-off, not 32. The producer
     * must then end every batch, as the upstairs runtime does. Call before {@link #start()}.
     */
    public void batchSends() {
        if (state.get() != NEW) {
            throw new IllegalStateException("downstairs " + config.instanceId() + ": batchSends() after start()");
        }
        heldSends = new Message.ToDownstairs[Math.max(1, config.inboxRingSize() / 2)];
    }

    /** @return where the upstairs sends this downstairs its messages; single producer, see the class contract */
    public MessageSink<Message.ToDownstairs> inbox() {
        return inbox;
    }

    /** @return the exception that stopped the downstairs, or null while it is healthy */
    public Throwable failure() {
        return failure;
    }

    /** @return true between {@link #start()} and {@link #close()} unless it has failed */
    public boolean isRunning() {
        return state.get() == RUNNING && failure == null;
    }

    /** @return messages dropped because they arrived after close or after a failure */
    public long droppedMessageCount() {
        return droppedMessageCount.get();
    }

    public DownstairsConfig config() {
        return config;
    }

    /**
     * Stops accepting messages, drains the ring for up to {@code closeTimeoutMs}, halts and joins
     * the thread (also bounded by the timeout). Idempotent; never throws for a failed downstairs.
     */
    @Override
    public void close() {
        if (state.getAndSet(CLOSED) != RUNNING) {
            return; // never started (no thread) or already closed
        }
        long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.closeTimeoutMs());
        // Drain by our own handler's sequence, not Disruptor.shutdown(): that counts backlog only
        // for consumers already running, so a close() right after start() would skip the drain.
        // After a failure the handler still consumes (and drops), so this ends promptly too.
        long lastPublished = ring.getCursor();
        while (disruptor.getSequenceValueFor(handler) < lastPublished && System.nanoTime() - deadlineNs < 0) {
            LockSupport.parkNanos(DRAIN_POLL_NS);
        }
        disruptor.halt();
        Thread worker = thread;
        if (worker != null) {
            try {
                worker.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNs - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void send(Message.ToDownstairs message) {
        Objects.requireNonNull(message, "message");
        if (state.get() == NEW) {
            throw new IllegalStateException("downstairs " + config.instanceId() + ": message sent before start()");
        }
        if (heldSends != null) {
            if (heldSendCount == heldSends.length) {
                publishHeldSends();
            }
            heldSends[heldSendCount++] = message;
            return;
        }
        long sequence = claim(1);
        if (sequence < 0) {
            droppedMessageCount.incrementAndGet();
            return;
        }
        ring.get(sequence).message = message;
        ring.publish(sequence);
    }

    /** The producer's thread: publishes every held message in order, as one batch of the ring. */
    private void publishHeldSends() {
        int count = heldSendCount;
        if (count == 0) {
            return;
        }
        heldSendCount = 0;
        long last = claim(count);
        if (last < 0) {
            for (int i = 0; i < count; i++) {
                heldSends[i] = null;
            }
            droppedMessageCount.addAndGet(count);
            return;
        }
        long first = last - count + 1;
        for (int i = 0; i < count; i++) {
            ring.get(first + i).message = heldSends[i];
            heldSends[i] = null;
        }
        ring.publish(first, last);
    }

    /**
     * Claims {@code count} consecutive slots: @return the last one's sequence, or -1 once this downstairs has
     * stopped or failed. On a full ring it waits for the consumer, as {@code RingBuffer.next()} would, but keeps
     * checking that the consumer lives, so that a dead downstairs cannot hang the upstairs.
     */
    private long claim(int count) {
        while (state.get() == RUNNING && failure == null) {
            try {
                return ring.tryNext(count);
            } catch (InsufficientCapacityException full) {
                LockSupport.parkNanos(1);
            }
        }
        return -1;
    }

    private void recordFailure(Throwable cause) {
        if (failure == null) {
            failure = cause;
        }
    }

    @Override
    public String toString() {
        return "InProcessDownstairs[" + config.instanceId() + ", " + (failure != null ? "failed: " + failure
                : state.get() == NEW ? "new" : state.get() == RUNNING ? "running" : "closed") + "]";
    }

    /** A ring slot: a reference to one message, cleared once handled so the ring retains no write data. */
    static final class InboxSlot {
        Message.ToDownstairs message;
    }

    /** Runs on the downstairs thread: the only caller of the core. */
    private final class InboxHandler implements EventHandler<InboxSlot> {
        @Override
        public void onEvent(InboxSlot slot, long sequence, boolean endOfBatch) {
            Message.ToDownstairs message = slot.message;
            slot.message = null;
            if (failure != null) {
                droppedMessageCount.incrementAndGet();
                return;
            }
            try {
                core.apply(message);
                CoreRings.runUntilIdle(core, sendHeldReplies);
                if (endOfBatch) {
                    // The replies of the whole batch leave together: one hand-off back to the upstairs, not one each.
                    replies.endOfBatch();
                }
            } catch (Throwable t) {
                // Catching here rather than in an ExceptionHandler keeps the processor's sequence
                // moving, so the ring keeps draining and a producer never waits on a dead consumer.
                recordFailure(t);
            }
        }
    }

    /** The inbox sink: sends, and with {@link #batchSends} publishes what was held at the producer's batch end. */
    private final class Inbox implements MessageSink<Message.ToDownstairs> {
        @Override
        public void send(Message.ToDownstairs message) {
            InProcessDownstairs.this.send(message);
        }

        @Override
        public void endOfBatch() {
            if (heldSends != null) {
                publishHeldSends();
            }
        }
    }


    /** Names the thread after the downstairs and remembers it so {@link #close()} can join it. */
    private final class DownstairsThreadFactory implements ThreadFactory {
        @Override
        public Thread newThread(Runnable runnable) {
            Thread worker = new Thread(runnable, "downstairs-" + config.instanceId());
            // Daemon: a test or CLI that forgets close() must not keep the JVM alive.
            worker.setDaemon(true);
            thread = worker;
            return worker;
        }
    }
}
