package dev.cruciblesim.upstairs.runtime;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import dev.cruciblesim.sim.protocol.IoOp;
import dev.cruciblesim.sim.protocol.Message;
import dev.cruciblesim.sim.protocol.RegionDefinition;
import dev.cruciblesim.sim.time.NanoClock;
import dev.cruciblesim.sim.time.PreciseDelay;
import dev.cruciblesim.sim.transport.MessageSink;
import dev.cruciblesim.tracing.probe.ProbeRegistry;
import dev.cruciblesim.upstairs.core.GuestCallback;
import dev.cruciblesim.upstairs.core.UpstairsConfig;
import dev.cruciblesim.upstairs.core.UpstairsCore;
import dev.cruciblesim.upstairs.core.UpstairsInput;
import dev.cruciblesim.upstairs.core.UpstairsListener;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The upstairs in real time: an LMAX Disruptor ring as the inbox (many producers: guest threads,
 * downstairs replies, timers), one consumer thread that applies each event to the {@link UpstairsCore},
 * and a timer thread for the flush check and the status tick.
 *
 * <p>Why this cannot deadlock on full rings: the core sends a client at most
 * {@code maxInFlightPerClient} jobs before that client answers, so a downstairs inbox sized above
 * that never fills and the core thread never blocks; downstairs threads may block on a full
 * upstairs inbox, but the core keeps draining it.
 */
public final class UpstairsRuntime implements AutoCloseable {
    /** The default inbox size: room for every reply of three full clients plus guest requests. */
    public static final int DEFAULT_RING_SIZE = 4096;
    /** How long {@link #close()} waits for the core to drain its inbox. */
    public static final long DEFAULT_CLOSE_TIMEOUT_MS = 10_000;
    private static final long RING_FULL_BACKOFF_NS = 1_000;

    private final UpstairsConfig config;
    private final NanoClock clock;
    private final ProbeRegistry registry;
    private final Disruptor<InboxEvent> disruptor;
    private final Guest guest = new Guest(this);
    /** Write payloads the guest fills and the core takes back at retirement; see {@link WritePayloadPool}. */
    private final WritePayloadPool payloadPool = new WritePayloadPool();
    private final CompletableFuture<RegionDefinition> activation = new CompletableFuture<>();
    private final ScheduledExecutorService timers;
    private final RingBuffer<InboxEvent> ring;
    /** Set in start() before the core thread starts, read only by that thread afterwards. */
    private UpstairsCore core;
    /** The clients' sinks, as an array so that ending a batch walks them without an iterator. Core thread only. */
    private MessageSink<?>[] clientSinks;
    private volatile RegionDefinition region;
    private volatile String failure;
    private volatile boolean closed;
    private volatile boolean started;
    /** Set before start(), then used only by the core thread. */
    private LongSupplier processingDelay;

    public UpstairsRuntime(UpstairsConfig config, NanoClock clock, ProbeRegistry registry) {
        this(config, clock, registry, DEFAULT_RING_SIZE, new BlockingWaitStrategy());
    }

    public UpstairsRuntime(UpstairsConfig config, NanoClock clock, ProbeRegistry registry, int ringSize,
            WaitStrategy waitStrategy) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.registry = Objects.requireNonNull(registry, "registry");
        if (Integer.bitCount(ringSize) != 1 || ringSize < 4 * config.maxInFlightPerClient()) {
            throw new IllegalArgumentException("inbox ring size must be a power of two of at least "
                    + 4 * config.maxInFlightPerClient() + ", got " + ringSize);
        }
        this.disruptor = new Disruptor<>(InboxEvent::new, ringSize,
                runnable -> daemon(runnable, "upstairs-" + config.instanceId() + "-core"), ProducerType.MULTI,
                waitStrategy);
        this.disruptor.handleEventsWith(new CoreHandler());
        this.disruptor.setDefaultExceptionHandler(new CoreFailureHandler());
        this.ring = disruptor.getRingBuffer();
        this.timers = Executors.newSingleThreadScheduledExecutor(
                runnable -> daemon(runnable, "upstairs-" + config.instanceId() + "-timers"));
    }

    /** @return the sink on which downstairs client {@code clientId}'s replies must be delivered */
    public MessageSink<Message.ToUpstairs> replySink(int clientId) {
        if (clientId < 0 || clientId >= UpstairsCore.CLIENT_COUNT) {
            throw new IllegalArgumentException("no downstairs client " + clientId);
        }
        return message -> {
            long sequence = claim();
            if (sequence < 0) {
                return;
            }
            try {
                ring.get(sequence).publishReply(clientId, message);
            } finally {
                ring.publish(sequence);
            }
        };
    }

    /**
     * As {@link #replySink}, for a sender on one thread that ends each batch of its sends with
     * {@link MessageSink#endOfBatch} (an in-process downstairs): replies are held until then and published with one
     * claim of the inbox and one wake-up of the core, rather than one each. The sink is that one thread's only.
     */
    public MessageSink<Message.ToUpstairs> batchedReplySink(int clientId) {
        replySink(clientId); // the same check of the client id
        return new BatchedReplies(clientId, ring.getBufferSize() / 8);
    }

    /**
     * Makes the core thread take a real delay before applying each input (a reply, a guest IO, a
     * timer), as the virtual-time runtime's processing model does in simulated time. Call before
     * {@link #start}; the supplier is called only on the core thread.
     *
     * @param processingDelayNs the delay per input in nanoseconds, or null for none
     */
    public void setProcessingDelay(LongSupplier processingDelayNs) {
        if (started) {
            throw new IllegalStateException("the processing delay must be set before start()");
        }
        this.processingDelay = processingDelayNs;
    }

    /**
     * Starts the core thread and the timers and opens negotiation with the three clients. The
     * clients' sinks are only ever called on the core thread, and each batch of the inbox ends with
     * {@link MessageSink#endOfBatch()} on every one, so a sink may hold sends back until then.
     */
    public synchronized void start(List<? extends MessageSink<Message.ToDownstairs>> clients) {
        if (core != null) {
            throw new IllegalStateException("upstairs " + config.instanceId() + " already started");
        }
        core = new UpstairsCore(config, clock, registry, clients, new Listener());
        core.setPayloadRecycler(payloadPool);
        clientSinks = clients.toArray(new MessageSink<?>[0]);
        disruptor.start();
        started = true;
        publish(UpstairsInput.CONNECT);
        timers.scheduleAtFixedRate(() -> publish(UpstairsInput.FLUSH_CHECK), config.flushTimeoutNs(),
                config.flushTimeoutNs(), TimeUnit.NANOSECONDS);
        timers.scheduleAtFixedRate(() -> publish(UpstairsInput.STATUS_TICK), config.statusIntervalNs(),
                config.statusIntervalNs(), TimeUnit.NANOSECONDS);
    }

    /** Asks the upstairs to activate; the future completes when all three downstairs are active. */
    public CompletableFuture<RegionDefinition> activate() {
        publish(UpstairsInput.ACTIVATE);
        return activation;
    }

    /**
     * Hands {@code input} to the core thread, which applies it after every input published before;
     * dropped once the runtime no longer takes inputs (closed or failed). A guest IO goes through
     * {@link #guest()}'s checks and a reply through its client's {@link #replySink}, both copied
     * into the slot, so a caller may reuse its holder at once.
     */
    public void publish(UpstairsInput input) {
        Objects.requireNonNull(input, "input");
        if (input instanceof UpstairsInput.GuestRequest io) {
            guest.submit(io);
            return;
        }
        if (input instanceof UpstairsInput.Reply reply) {
            replySink(reply.clientId()).send(reply.message());
            return;
        }
        long sequence = claim();
        if (sequence < 0) {
            return;
        }
        try {
            ring.get(sequence).input = input;
        } finally {
            ring.publish(sequence);
        }
    }

    public Guest guest() {
        return guest;
    }

    public UpstairsConfig config() {
        return config;
    }

    /**
     * Runs {@code call} on the core thread, between two events: the only safe way to look at the
     * core's state while it runs.
     */
    public CompletableFuture<Void> onCoreThread(Consumer<UpstairsCore> call) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Consumer<UpstairsCore> wrapped = c -> {
            try {
                call.accept(c);
                done.complete(null);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        };
        long sequence = claim();
        if (sequence < 0) {
            done.completeExceptionally(new IllegalStateException("upstairs " + config.instanceId() + ": " + refusal()));
            return done;
        }
        try {
            ring.get(sequence).call = wrapped;
        } finally {
            ring.publish(sequence);
        }
        return done;
    }

    /** @return why the upstairs stopped (a fatal error or a failure of the core thread), or null */
    public String failure() {
        return failure;
    }

    /** @return true once {@link #close} began: guest IO is refused from then on */
    public boolean isClosed() {
        return closed;
    }

    /** @return why guest IO is refused right now (closed, or failed and why), or null while it is accepted */
    String refusal() {
        return closed ? "the upstairs is closed" : failure == null ? null : "the upstairs failed: " + failure;
    }

    RegionDefinition region() {
        return region;
    }

    WritePayloadPool payloadPool() {
        return payloadPool;
    }

    /** Publishes a guest IO; when the runtime no longer takes inputs, a non-null callback hears why. */
    void publishIo(IoOp op, long blockOffset, byte[] data, boolean pooledData, GuestCallback callback) {
        long sequence = claim();
        if (sequence < 0) {
            if (callback != null) {
                callback.onComplete(op.probeName() + " rejected: " + refusal());
            }
            return;
        }
        try {
            ring.get(sequence).publishGuest(op, blockOffset, data, pooledData, callback);
        } finally {
            ring.publish(sequence);
        }
    }

    /**
     * Claims a slot, waiting while the ring is full; gives up (returns -1) once the runtime is closed
     * or has failed, so that no producer can wait forever on a core that no longer drains.
     */
    private long claim() {
        return claim(1);
    }

    /** As {@link #claim()}, for {@code count} consecutive slots: @return the last one's sequence, or -1 */
    private long claim(int count) {
        while (true) {
            if (closed || !started) {
                return -1;
            }
            try {
                return ring.tryNext(count);
            } catch (InsufficientCapacityException full) {
                if (failure != null) {
                    return -1;
                }
                LockSupport.parkNanos(RING_FULL_BACKOFF_NS);
            }
        }
    }

    /** {@link #batchedReplySink}: one sender thread's replies, held until it ends its batch. */
    private final class BatchedReplies implements MessageSink<Message.ToUpstairs> {
        private final int clientId;
        private final Message.ToUpstairs[] held;
        private int heldCount;

        BatchedReplies(int clientId, int capacity) {
            this.clientId = clientId;
            this.held = new Message.ToUpstairs[Math.max(1, capacity)];
        }

        @Override
        public void send(Message.ToUpstairs message) {
            Objects.requireNonNull(message, "message");
            if (heldCount == held.length) {
                endOfBatch();
            }
            held[heldCount++] = message;
        }

        @Override
        public void endOfBatch() {
            int count = heldCount;
            if (count == 0) {
                return;
            }
            heldCount = 0;
            long last = claim(count);
            if (last >= 0) {
                long first = last - count + 1;
                try {
                    for (int i = 0; i < count; i++) {
                        ring.get(first + i).publishReply(clientId, held[i]);
                    }
                } finally {
                    ring.publish(first, last);
                }
            }
            // Closed or failed: the replies go nowhere, as they would one at a time.
            Arrays.fill(held, 0, count, null);
        }
    }

    /**
     * Stops the timers, lets the core thread finish every event already published, and stops it.
     * Waits at most {@code timeoutMs}; a core that does not drain in time is halted.
     */
    public synchronized void close(long timeoutMs) {
        if (closed) {
            return;
        }
        closed = true;
        timers.shutdownNow();
        if (core == null) {
            return;
        }
        try {
            disruptor.shutdown(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (com.lmax.disruptor.TimeoutException e) {
            disruptor.halt();
            if (failure == null) {
                failure = "upstairs core did not drain its inbox within " + timeoutMs + " ms";
            }
        }
    }

    @Override
    public void close() {
        close(DEFAULT_CLOSE_TIMEOUT_MS);
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    private final class CoreHandler implements EventHandler<InboxEvent> {
        @Override
        public void onEvent(InboxEvent event, long sequence, boolean endOfBatch) {
            try {
                if (event.call != null) {
                    event.call.accept(core);
                } else if (failure == null) {
                    if (processingDelay != null) {
                        PreciseDelay.waitFor(clock, processingDelay.getAsLong());
                    }
                    core.apply(event.input);
                } else if (event.guestCallback() != null) {
                    event.guestCallback().onComplete("rejected: " + refusal());
                }
            } catch (RuntimeException e) {
                coreFailed(event, e);
            } finally {
                event.clear();
                if (endOfBatch) {
                    endClientBatches();
                }
            }
        }

        /** What the batch sent to each client leaves now, one write per client rather than one per message. */
        private void endClientBatches() {
            for (MessageSink<?> sink : clientSinks) {
                try {
                    sink.endOfBatch();
                } catch (RuntimeException e) {
                    // What the batch sent may never leave: fail the volume as for any lost link, so no guest waits.
                    core.apply(UpstairsInput.fatal("upstairs core: sending a batch to a downstairs failed: " + e));
                }
            }
        }

        /**
         * A bug in the core leaves its state half-applied: record it, fail the IO that hit it and every
         * IO outstanding, and refuse further work, so no guest waits forever.
         */
        private void coreFailed(InboxEvent event, RuntimeException e) {
            String message = "upstairs core failed on " + event.describe() + ": " + e;
            if (failure == null) {
                failure = message;
            }
            activation.completeExceptionally(new IllegalStateException(message, e));
            GuestCallback callback = event.guestCallback();
            boolean failedByCore = false;
            if (event.call == null) {
                try {
                    // The event's own IO may already be a job: then failing the core fails it, exactly once.
                    failedByCore = callback != null && core.isOutstanding(callback);
                    core.apply(UpstairsInput.fatal(message));
                } catch (RuntimeException ignored) {
                    // The core is already broken; guests it could not fail are bounded by their own timeouts.
                }
            }
            if (callback != null && !failedByCore) {
                callback.onComplete(message);
            }
        }
    }

    private final class Listener implements UpstairsListener {
        @Override
        public void onActive(RegionDefinition activeRegion) {
            region = activeRegion;
            activation.complete(activeRegion);
        }

        @Override
        public void onFatal(String message) {
            failure = message;
            activation.completeExceptionally(new GuestIoException(message));
        }
    }

    /** Failures outside the core's own handling: record them, so that producers and guests stop waiting. */
    private final class CoreFailureHandler implements ExceptionHandler<InboxEvent> {
        @Override
        public void handleEventException(Throwable ex, long sequence, InboxEvent event) {
            // Only Errors get here (onEvent catches RuntimeExceptions): record them and stop taking work.
            if (failure == null) {
                failure = "upstairs core failed: " + ex;
            }
            activation.completeExceptionally(ex);
        }

        @Override
        public void handleOnStartException(Throwable ex) {
            failure = "upstairs core failed to start: " + ex;
        }

        @Override
        public void handleOnShutdownException(Throwable ex) {
            failure = "upstairs core failed to stop: " + ex;
        }
    }
}
