package dev.cruciblesim.sim.transport;

import dev.cruciblesim.sim.latency.LatencyModel;
import dev.cruciblesim.sim.protocol.Message;
import dev.cruciblesim.sim.time.NanoClock;
import dev.cruciblesim.sim.time.PreciseDelay;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Link latency in real time: one thread that holds each message until its delay has passed and
 * then hands it to the link's destination. Each link keeps TCP's order (a message is never
 * delivered before the one sent ahead of it on the same link), so a link's queue is sorted by
 * due time and the thread only ever looks at the heads.
 *
 * <p>Each link has exactly one sending thread (the upstairs core, or one downstairs), so its queue
 * is a single-producer single-consumer ring: the senders take no lock and wait only if a ring
 * fills. The thread parks while the next delivery is more than {@link #SPIN_THRESHOLD_NS} away and
 * spins for the rest; a sender unparks it when it queues a message, since that message may be due
 * before whatever the thread was sleeping for.
 */
public final class DelayLine implements AutoCloseable {
    /** A park overshoots by tens of microseconds; spinning covers the last stretch (see PreciseDelay). */
    static final long SPIN_THRESHOLD_NS = PreciseDelay.SPIN_THRESHOLD_NS;
    /** Longest idle park: bounds the delay a lost wake-up could add. */
    private static final long IDLE_PARK_NS = TimeUnit.MICROSECONDS.toNanos(200);
    private static final int RING_CAPACITY = 1 << 14;

    private final NanoClock clock;
    private final List<Link<?>> links = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean sleeping;
    private volatile Throwable failure;

    public DelayLine(NanoClock clock, String name) {
        this.clock = clock;
        this.thread = new Thread(this::deliverLoop, name);
        this.thread.setDaemon(true);
    }

    /**
     * Adds a link; call before {@link #start()}.
     *
     * @param random the link's own seed stream; used only by the link's one sending thread
     * @return the sink the sending side uses
     */
    public <M extends Message> MessageSink<M> link(LatencyModel model, SplittableRandom random,
            MessageSink<M> destination) {
        if (thread.isAlive()) {
            throw new IllegalStateException("links must be added before the delay line starts");
        }
        Link<M> link = new Link<>(model, random, destination);
        links.add(link);
        return link;
    }

    public void start() {
        thread.start();
    }

    /** @return the exception a destination threw, which stopped the line, or null */
    public Throwable failure() {
        return failure;
    }

    /** Stops the thread; messages still held are dropped (the run is over). */
    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void deliverLoop() {
        try {
            while (running) {
                deliverDue(clock.nanoTime());
                long waitNs = waitBeforeNextDueNs();
                if (waitNs <= SPIN_THRESHOLD_NS) {
                    Thread.onSpinWait();
                    continue;
                }
                // Announce the park, then look again: a sender that queued before seeing the
                // announcement is caught by the second look, one that queues after it unparks us
                // (both sides use volatile stores, so neither can miss the other).
                sleeping = true;
                waitNs = waitBeforeNextDueNs();
                if (waitNs > SPIN_THRESHOLD_NS) {
                    LockSupport.parkNanos(Math.min(waitNs - SPIN_THRESHOLD_NS, IDLE_PARK_NS));
                }
                sleeping = false;
            }
        } catch (Throwable t) {
            failure = t;
        }
    }

    private void deliverDue(long nowNs) {
        for (Link<?> link : links) {
            link.deliverDue(nowNs);
        }
    }

    /** @return how long until the earliest queued message is due; a long idle wait when none is queued */
    private long waitBeforeNextDueNs() {
        boolean any = false;
        long earliestDueNs = 0;
        for (Link<?> link : links) {
            if (link.hasHead()) {
                long dueNs = link.headDueNs();
                if (!any || dueNs - earliestDueNs < 0) {
                    earliestDueNs = dueNs;
                }
                any = true;
            }
        }
        return any ? earliestDueNs - clock.nanoTime() : IDLE_PARK_NS + SPIN_THRESHOLD_NS;
    }

    private void wake() {
        if (sleeping) {
            LockSupport.unpark(thread);
        }
    }

    /** One link direction: an SPSC ring of (due time, message). */
    private final class Link<M extends Message> implements MessageSink<M> {
        private final LatencyModel model;
        private final SplittableRandom random;
        private final MessageSink<M> destination;
        private final long[] dueNs = new long[RING_CAPACITY];
        private final Object[] messages = new Object[RING_CAPACITY];
        /** Next slot the sender fills; written by the sender only. */
        private final AtomicLong tail = new AtomicLong();
        /** Next slot the delay thread delivers; written by the delay thread only. */
        private final AtomicLong head = new AtomicLong();
        private long lastDueNs;

        Link(LatencyModel model, SplittableRandom random, MessageSink<M> destination) {
            this.model = model;
            this.random = random;
            this.destination = destination;
            // Times compare by difference (nanoTime style), so start from a real reading, not MIN_VALUE.
            this.lastDueNs = clock.nanoTime();
        }

        @Override
        public void send(M message) {
            long due = clock.nanoTime() + model.sampleNs(random);
            if (due - lastDueNs < 0) {
                due = lastDueNs;
            }
            lastDueNs = due;
            long slot = tail.get();
            while (slot - head.get() >= RING_CAPACITY) {
                if (!running) {
                    return;
                }
                LockSupport.parkNanos(1_000);
            }
            int index = (int) (slot & (RING_CAPACITY - 1));
            dueNs[index] = due;
            messages[index] = message;
            // A volatile store, not lazySet: it must be ordered before the read of 'sleeping' in wake().
            tail.set(slot + 1);
            wake();
        }

        boolean hasHead() {
            return head.get() != tail.get();
        }

        long headDueNs() {
            return dueNs[(int) (head.get() & (RING_CAPACITY - 1))];
        }

        @SuppressWarnings("unchecked")
        void deliverDue(long nowNs) {
            long next = head.get();
            long end = tail.get();
            boolean delivered = false;
            while (next != end) {
                int index = (int) (next & (RING_CAPACITY - 1));
                if (dueNs[index] - nowNs > 0) {
                    break;
                }
                M message = (M) messages[index];
                messages[index] = null;
                head.lazySet(++next);
                destination.send(message);
                delivered = true;
            }
            if (delivered) {
                // This thread is the destination's sender now: it ends the batch (MessageSink#endOfBatch).
                destination.endOfBatch();
            }
        }
    }
}
