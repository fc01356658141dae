package dev.cruciblesim.downstairs.server;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import dev.cruciblesim.downstairs.DownstairsConfig;
import dev.cruciblesim.downstairs.ServiceTimeModel;
import dev.cruciblesim.downstairs.region.Region;
import dev.cruciblesim.downstairs.runtime.CoreRings;
import dev.cruciblesim.sim.protocol.Message;
import dev.cruciblesim.sim.transport.tcp.TlsSettings;
import dev.cruciblesim.tracing.probe.ProbeRegistry;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * A {@link dev.cruciblesim.downstairs.DownstairsCore} served over TCP with the project's wire codec
 * ({@link dev.cruciblesim.sim.protocol.wire.MessageLayout}), in the manner of Crucible's downstairs listener;
 * optionally inside TLS ({@link TlsSettings}: TLS 1.3, a client certificate required).
 *
 * <pre>
 *  accept thread ──▶ per connection: reader thread ── FrameReader ▶ MessageDecoder ▶ publish (conn, msg)
 *                                                                          │  multi-producer ring
 *                                                                          ▼
 *                    core thread: CoreDispatcher ── core.apply / poll ── replies encoded and written
 *                                 (only writer of every socket)
 * </pre>
 *
 * <p>Contracts:
 * <ul>
 * <li>One core thread owns the core, so the core needs no locks; it also writes every reply, whole frame by whole
 *     frame with blocking writes, so replies never interleave. A job reply goes to the active connection, any other
 *     reply to the connection whose message is being handled.</li>
 * <li>One active upstairs: a {@code PromoteToActive} on another connection sends the active one
 *     {@code YouAreNoLongerActive} and closes it, then promotes. Jobs from a connection that is not active are
 *     refused with an {@code ErrorReport}; so are messages the core does not handle, and the connection stays open.
 *     {@code Ruok} is answered {@code Imok} by the server.</li>
 * <li>A peer that breaks the framing (garbage, an unknown tag, a length over the limit, a field that claims more
 *     than the frame holds) or hangs up mid-frame loses its connection, with one line in the log naming the peer and
 *     the reason; other connections go on. No frame makes the server hold more than
 *     {@link dev.cruciblesim.sim.protocol.wire.MessageLayout#MAX_FRAME_BYTES} for it, reads included.</li>
 * <li>Every connection, however it ends, gets exactly one log line, when it closes. The log is called from the
 *     core, reader and closing threads, so it must be thread-safe (a {@code PrintStream} is).</li>
 * <li>Over TLS, each connection's reader thread runs its handshake first (bounded by
 *     {@link TlsSettings#HANDSHAKE_TIMEOUT_MS}), so a slow or hostile peer never stalls the accept thread; a
 *     handshake that fails (an untrusted certificate, none, plain TCP, another protocol version) closes that
 *     connection with its one log line saying why.</li>
 * <li>If the core thread fails (the core or the region throws), the server records it ({@link #failure()}), stops
 *     listening and closes every connection, so that peers see the end instead of waiting forever.</li>
 * <li>{@link #close()}: stops accepting, ends every connection's input, lets the core thread answer everything
 *     already read (jobs run to completion, their replies are written) and then closes the connections, so a
 *     client blocked on a read sees its replies, then end of stream. Bounded by {@code config.closeTimeoutMs()};
 *     idempotent.</li>
 * </ul>
 *
 * <p>Not done: a peer that sends requests but never reads its replies fills its socket and blocks the core thread's
 * write to it, stalling every connection until it reads or is closed (Crucible gives each connection its own writer
 * task instead). Nothing bounds that wait; closing the server ends it.
 *
 * <p>No lock of the server's own on the IO path: readers publish through the Disruptor's multi-producer claim (a
 * CAS), and the connection set is a concurrent set touched only at accept and close. The one lock there is the wait
 * strategy's: {@code BLOCKING}, the default, wakes the core thread through a lock and condition, as it does in
 * {@link dev.cruciblesim.downstairs.runtime.InProcessDownstairs}; the other strategies take none.
 *
 * <p>Memory: one frame is bounded by the frame limit, but a ring full of decoded writes is not, beyond
 * {@code inboxRingSize} frames: a downstairs whose service time keeps its core busy while a peer sends it the
 * largest writes holds them all. O's flow control keeps an upstairs far below that; a hostile peer is not so kind.
 */
public final class DownstairsServer implements AutoCloseable {
    private static final int RUNNING = 0;
    private static final int CLOSING = 1;
    private static final int CLOSED = 2;
    /** How often close() checks the drain: rare enough not to compete with the draining thread. */
    private static final long DRAIN_POLL_NS = 50_000;
    /** A reader's wait for a free slot in a full ring, the Disruptor's own back-off for a claim. */
    private static final long PUBLISH_RETRY_NS = 1;
    /** After an accept error (no file descriptors left, say), the accept thread backs off this long. */
    private static final long ACCEPT_ERROR_BACKOFF_NS = TimeUnit.MILLISECONDS.toNanos(10);
    /** Connections waiting for accept: generous, since an upstairs opens three at once and may reconnect. */
    private static final int ACCEPT_BACKLOG = 64;

    private final DownstairsConfig config;
    private final String name;
    private final Consumer<String> log;
    private final ServerSocket listener;
    /** How connections are secured, or null for plain TCP. */
    private final TlsSettings tls;
    private final InetSocketAddress address;
    private final CoreDispatcher dispatcher;
    private final Disruptor<CoreDispatcher.InboxSlot> disruptor;
    private final RingBuffer<CoreDispatcher.InboxSlot> ring;
    private final Set<PeerConnection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger state = new AtomicInteger(RUNNING);
    private final Thread acceptThread;
    private volatile Thread coreThread;
    private volatile Throwable failure;

    /**
     * Binds, starts the core and accept threads, and returns the running server; log lines go to stderr.
     *
     * @param region      the region to serve, owned by the server's core thread from now on; a region of stamps is
     *                    refused, since stamps exist only in virtual time
     * @param bindAddress where to listen; port 0 takes an ephemeral port, see {@link #address()}
     * @throws IOException when the address cannot be bound
     */
    public static DownstairsServer start(DownstairsConfig config, Region region, ProbeRegistry probes,
            ServiceTimeModel serviceTime, InetSocketAddress bindAddress) throws IOException {
        return start(config, region, probes, serviceTime, bindAddress, System.err::println);
    }

    /** As above, with every log line (one per connection, when it closes) handed to {@code log}, which must be thread-safe. */
    public static DownstairsServer start(DownstairsConfig config, Region region, ProbeRegistry probes,
            ServiceTimeModel serviceTime, InetSocketAddress bindAddress, Consumer<String> log) throws IOException {
        return start(config, region, probes, serviceTime, bindAddress, log, null);
    }

    /**
     * As above, over TLS when {@code tls} is given: every connection must complete a TLS 1.3 handshake with a client
     * certificate that {@code tls}'s truststore accepts before any of its messages reach the core. With null, plain
     * TCP.
     */
    public static DownstairsServer start(DownstairsConfig config, Region region, ProbeRegistry probes,
            ServiceTimeModel serviceTime, InetSocketAddress bindAddress, Consumer<String> log, TlsSettings tls)
            throws IOException {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(region, "region");
        if (region.holdsStamps()) {
            throw new IllegalArgumentException("downstairs " + config.instanceId() + ": a region of stamps cannot"
                    + " be served over TCP; the wire carries bytes");
        }
        DownstairsServer server = new DownstairsServer(config, region, probes, serviceTime, bindAddress, log, tls);
        server.disruptor.start();
        server.acceptThread.start();
        return server;
    }

    private DownstairsServer(DownstairsConfig config, Region region, ProbeRegistry probes,
            ServiceTimeModel serviceTime, InetSocketAddress bindAddress, Consumer<String> log, TlsSettings tls)
            throws IOException {
        this.config = Objects.requireNonNull(config, "config");
        this.name = "downstairs-" + config.instanceId();
        this.log = log;
        this.tls = tls;
        this.dispatcher = new CoreDispatcher(config, region, probes, serviceTime, this::fail);
        this.disruptor = new Disruptor<>(CoreDispatcher.InboxSlot::new, config.inboxRingSize(), this::newCoreThread,
                ProducerType.MULTI, CoreRings.waitStrategy(config.inboxWaitStrategy()));
        disruptor.handleEventsWith(dispatcher);
        disruptor.setDefaultExceptionHandler(CoreRings.failureRecorder(this::fail));
        this.ring = disruptor.getRingBuffer();
        // Bound last: nothing above can leave a listening socket behind when it throws.
        this.listener = new ServerSocket();
        try {
            listener.bind(bindAddress, ACCEPT_BACKLOG);
            this.address = (InetSocketAddress) listener.getLocalSocketAddress();
        } catch (IOException | RuntimeException e) {
            listener.close();
            throw e;
        }
        this.acceptThread = new Thread(this::acceptLoop, name + "-accept-" + PeerConnection.describe(address));
        acceptThread.setDaemon(true);
    }

    /** @return the address the server listens on, with the real port when port 0 was asked for */
    public InetSocketAddress address() {
        return address;
    }

    /** @return the exception that stopped the core thread, or null while it is healthy */
    public Throwable failure() {
        return failure;
    }

    /** @return true until {@link #close()} unless the core thread has failed */
    public boolean isRunning() {
        return state.get() == RUNNING && failure == null;
    }

    /** @return whether connections are secured by TLS */
    public boolean usesTls() {
        return tls != null;
    }

    /** @return connections open now; for tests and monitoring, it changes as peers come and go */
    public int connectionCount() {
        return connections.size();
    }

    public DownstairsConfig config() {
        return config;
    }

    /**
     * Stops accepting, ends each connection's input, waits (up to {@code closeTimeoutMs} in all) for the core
     * thread to answer what was read and close the connections, then halts and joins it and closes whatever is
     * left. Idempotent; never throws for a failed server.
     */
    @Override
    public void close() {
        if (!state.compareAndSet(RUNNING, CLOSING)) {
            return;
        }
        long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.closeTimeoutMs());
        closeListener();
        try {
            acceptThread.join(remainingMs(deadlineNs));
            for (PeerConnection connection : connections) {
                connection.endInput("downstairs closing");
            }
            for (PeerConnection connection : connections) {
                connection.joinReader(remainingMs(deadlineNs));
            }
            // Every reader has published its last message and its end marker: drain up to here.
            long lastPublished = ring.getCursor();
            while (disruptor.getSequenceValueFor(dispatcher) < lastPublished && System.nanoTime() - deadlineNs < 0) {
                LockSupport.parkNanos(DRAIN_POLL_NS);
            }
            state.set(CLOSED);
            disruptor.halt();
            Thread core = coreThread;
            if (core != null) {
                core.join(remainingMs(deadlineNs));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            state.set(CLOSED);
            // Only after a timeout (or an interrupt) is anything left open here.
            closeAll("downstairs closed before it had answered everything");
        }
    }

    private void acceptLoop() {
        while (state.get() == RUNNING) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                if (listener.isClosed()) {
                    return; // close() or a failure closed the listener
                }
                log.accept(name + ": accept failed, retrying: " + e.getMessage());
                LockSupport.parkNanos(ACCEPT_ERROR_BACKOFF_NS);
                continue;
            }
            PeerConnection connection = new PeerConnection(socket, tls, name, this::publish, log, connections::remove);
            connections.add(connection);
            try {
                socket.setTcpNoDelay(true);
                connection.secure();
            } catch (IOException e) {
                connection.close("cannot set up the connection: " + e.getMessage());
                continue;
            }
            if (state.get() != RUNNING || failure != null) {
                // Raced with close() or a failure, whose sweep of the connections may have missed this one.
                connection.close(failure != null ? "downstairs failed" : "downstairs closing");
                continue;
            }
            connection.startReading();
        }
    }

    /** Called by reader threads; waits while the ring is full, gives up once the server has stopped. */
    private boolean publish(PeerConnection from, Message message) {
        while (state.get() != CLOSED && failure == null) {
            if (ring.tryPublishEvent(CoreDispatcher.InboxTranslator.INSTANCE, from, message)) {
                return true;
            }
            LockSupport.parkNanos(PUBLISH_RETRY_NS);
        }
        return false;
    }

    /** On the core thread, from the dispatcher: a failed downstairs answers no one, so it lets everyone go. */
    private void fail(Throwable cause) {
        if (failure == null) {
            failure = cause;
        }
        closeListener();
        closeAll("downstairs failed: " + cause);
    }

    private void closeAll(String reason) {
        for (PeerConnection connection : connections) {
            connection.close(reason);
        }
    }

    private void closeListener() {
        try {
            listener.close();
        } catch (IOException e) {
            // A listener that will not close has nothing left to accept for us either.
        }
    }

    private static long remainingMs(long deadlineNs) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNs - System.nanoTime()));
    }

    private Thread newCoreThread(Runnable runnable) {
        Thread thread = new Thread(runnable, name + "-core");
        // Daemon: a test or CLI that forgets close() must not keep the JVM alive.
        thread.setDaemon(true);
        coreThread = thread;
        return thread;
    }

    @Override
    public String toString() {
        return "DownstairsServer[" + config.instanceId() + " on " + PeerConnection.describe(address)
                + (tls != null ? " over " + TlsSettings.PROTOCOL : "") + ", "
                + (failure != null ? "failed: " + failure : state.get() == RUNNING ? "running" : "closed") + ", "
                + connections.size() + " connections]";
    }
}
