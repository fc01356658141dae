package dev.cruciblesim.downstairs.server;

import dev.cruciblesim.downstairs.DownstairsConfig;
import dev.cruciblesim.downstairs.ServiceTimeModel;
import dev.cruciblesim.downstairs.region.ExtentImage;
import dev.cruciblesim.downstairs.region.Region;
import dev.cruciblesim.downstairs.repair.RepairEndpoint;
import dev.cruciblesim.downstairs.repair.RepairServer;
import dev.cruciblesim.downstairs.repair.TcpRepairSource;
import dev.cruciblesim.sim.protocol.Message;
import dev.cruciblesim.sim.transport.tcp.TlsSettings;
import dev.cruciblesim.tracing.probe.ProbeRegistry;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A {@link dev.cruciblesim.downstairs.DownstairsCore} served over TCP with the project's wire codec
 * ({@link dev.cruciblesim.sim.protocol.wire.MessageLayout}), in the manner of Crucible's downstairs listener;
 * optionally inside TLS ({@link TlsSettings}: TLS 1.3, a client certificate required).
 *
 * <pre>
 *  accept thread ──▶ per connection: reader thread ── FrameReader ▶ MessageDecoder ─┐
 *                                                                                    ▼ under the core lock
 *                                      CoreDispatcher ── core.apply / poll ── replies encoded and written
 * </pre>
 *
 * <p>Why the reader runs the core itself rather than handing each message to a core thread through a ring: a hand-off
 * is one more thread wake-up per message, on the IO path, and on a small machine the wake-ups are what a round trip
 * costs (see {@code TcpLoopbackBenchmark}). Only the active upstairs sends jobs, so in steady state one reader takes
 * the lock, uncontended (a CAS); the others take it only for a handshake, a ping or a takeover. The core itself has
 * no lock and sees one thread at a time.
 *
 * <p>Contracts:
 * <ul>
 * <li>One thread at a time runs the core: whichever reader holds the core lock. It also writes the replies, whole
 *     frame by whole frame with blocking writes, so replies never interleave. A job reply goes to the active
 *     connection, any other reply to the connection whose message is being handled.</li>
 * <li>One active upstairs: a {@code PromoteToActive} on another connection sends the active one
 *     {@code YouAreNoLongerActive} and closes it, then promotes. Jobs from a connection that is not active are
 *     refused with an {@code ErrorReport}; so are messages the core does not handle, and the connection stays open.
 *     {@code Ruok} is answered {@code Imok} by the server. A {@code HereIAm} for another region is answered
 *     {@code UuidMismatch} and its connection closed.</li>
 * <li>A peer that breaks the framing (garbage, an unknown tag, a length over the limit, a field that claims more
 *     than the frame holds) or hangs up mid-frame loses its connection, with one line in the log naming the peer and
 *     the reason; other connections go on.</li>
 * <li>Every connection, however it ends, gets exactly one log line, when it closes. The log is called from the
 *     reader and closing threads, so it must be thread-safe (a {@code PrintStream} is).</li>
 * <li>Over TLS, each connection's reader thread runs its handshake first (bounded by
 *     {@link TlsSettings#HANDSHAKE_TIMEOUT_MS}), so a slow or hostile peer never stalls the accept thread; a
 *     handshake that fails (an untrusted certificate, none, plain TCP, another protocol version) closes that
 *     connection with its one log line saying why.</li>
 * <li>If the core fails (the core or the region throws), the server records it ({@link #failure()}), stops
 *     listening and closes every connection, so that peers see the end instead of waiting forever.</li>
 * <li>{@link #close()}: stops accepting, ends every connection's input and waits for each reader to finish what it
 *     had read (jobs run to completion, their replies are written; the reader closes its connection at the end of
 *     its input), so a client blocked on a read sees its replies, then end of stream. Bounded by
 *     {@code config.closeTimeoutMs()}; idempotent.</li>
 * </ul>
 *
 * <p>A peer that sends requests but never reads its replies fills its socket and blocks the write to it, with the
 * core lock held, stalling every connection. A watchdog thread bounds that: a write blocked for longer than
 * {@code config.writeStallTimeoutMs()} (10 s by default) has its connection closed, with its one log line, and the
 * others go on. (Crucible gives each connection its own writer task instead.)
 *
 * <p>Memory: a connection holds at most one frame, bounded by
 * {@link dev.cruciblesim.sim.protocol.wire.MessageLayout#MAX_FRAME_BYTES}, while it is read and run, since its reader
 * reads the next only after the core has taken this one; so the server holds at most one frame per connection,
 * beyond what the core keeps of accepted jobs (bounded by the upstairs' flow control, not by the server).
 */
public final class DownstairsServer implements AutoCloseable {
    private static final int RUNNING = 0;
    private static final int CLOSING = 1;
    private static final int CLOSED = 2;
    /** The watchdog looks at least this often, whatever the stall limit. */
    private static final long WATCHDOG_MAX_PERIOD_NS = TimeUnit.SECONDS.toNanos(1);
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
    private final RepairServer repairServer;
    private final UUID regionUuid;
    /**
     * Held by whichever reader thread is running the core. Uncontended while one upstairs is active, since only its
     * connection sends jobs; others take it for a handshake, a ping or a takeover.
     */
    private final ReentrantLock coreLock = new ReentrantLock();
    private final Set<PeerConnection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger state = new AtomicInteger(RUNNING);
    private final Thread acceptThread;
    private final Thread watchdogThread;
    private volatile Throwable failure;

    /**
     * Binds, starts the accept thread, and returns the running server; log lines go to stderr.
     *
     * @param region      the region to serve, owned by the server's core from now on; a region of stamps is
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
        return start(config, region, probes, serviceTime, bindAddress, log, tls,
                new InetSocketAddress(bindAddress.getAddress(), 0));
    }

    /**
     * As above, with the repair server ({@link RepairServer}: peers copy extents from it at start-up reconciliation)
     * listening at {@code repairBindAddress}; port 0 takes an ephemeral port, see {@link #repairAddress()}. The
     * overloads without it take an ephemeral port on the IO address's interface. The repair port is plain TCP.
     */
    public static DownstairsServer start(DownstairsConfig config, Region region, ProbeRegistry probes,
            ServiceTimeModel serviceTime, InetSocketAddress bindAddress, Consumer<String> log, TlsSettings tls,
            InetSocketAddress repairBindAddress) throws IOException {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(repairBindAddress, "repairBindAddress");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(region, "region");
        if (region.holdsStamps()) {
            throw new IllegalArgumentException("downstairs " + config.instanceId() + ": a region of stamps cannot"
                    + " be served over TCP; the wire carries bytes");
        }
        DownstairsServer server = new DownstairsServer(config, region, probes, serviceTime, bindAddress, log, tls,
                repairBindAddress);
        server.acceptThread.start();
        server.watchdogThread.start();
        return server;
    }

    private DownstairsServer(DownstairsConfig config, Region region, ProbeRegistry probes,
            ServiceTimeModel serviceTime, InetSocketAddress bindAddress, Consumer<String> log, TlsSettings tls,
            InetSocketAddress repairBindAddress) throws IOException {
        this.config = Objects.requireNonNull(config, "config");
        this.name = "downstairs-" + config.instanceId();
        this.log = log;
        this.tls = tls;
        this.regionUuid = region.uuid();
        // The repair server first, since the core's YesItsMe names its address; it serves only closed extents, read
        // under the core lock, so it never sees the region between two steps of the core.
        this.repairServer = RepairServer.start(name, repairBindAddress, region.definition().blockSizeBytes(),
                this::extentForRepair, log);
        try {
            this.dispatcher = new CoreDispatcher(config, region, probes, serviceTime, this::fail,
                    new RepairEndpoint(repairServer.address(), new TcpRepairSource(region.definition())));
            // Bound last: nothing above can leave a listening socket behind when it throws.
            this.listener = new ServerSocket();
        } catch (IOException | RuntimeException e) {
            repairServer.close();
            throw e;
        }
        try {
            listener.bind(bindAddress, ACCEPT_BACKLOG);
            this.address = (InetSocketAddress) listener.getLocalSocketAddress();
        } catch (IOException | RuntimeException e) {
            listener.close();
            repairServer.close();
            throw e;
        }
        this.acceptThread = new Thread(this::acceptLoop, name + "-accept-" + PeerConnection.describe(address));
        acceptThread.setDaemon(true);
        this.watchdogThread = new Thread(this::watchWrites, name + "-write-watchdog");
        watchdogThread.setDaemon(true);
    }

    /** @return the address the server listens on, with the real port when port 0 was asked for */
    public InetSocketAddress address() {
        return address;
    }

    /** @return where the repair server listens, with the real port when port 0 was asked for */
    public InetSocketAddress repairAddress() {
        return repairServer.address();
    }

    /**
     * The repair server's reader, on its connection's thread: a closed extent's image, under the core lock so that it
     * sees the region as the core left it. Waits for the lock no longer than a peer waits for its request, since
     * the lock's holder may be this downstairs' own repair fetching from a peer.
     */
    private ExtentImage extentForRepair(int extent) {
        boolean locked;
        try {
            locked = coreLock.tryLock(RepairServer.REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the downstairs core");
        }
        if (!locked) {
            throw new IllegalStateException("the downstairs core stayed busy for " + RepairServer.REQUEST_TIMEOUT_MS
                    + " ms");
        }
        try {
            if (state.get() == CLOSED || failure != null) {
                throw new IllegalStateException("the downstairs is " + (failure != null ? "failed" : "closed"));
            }
            return dispatcher.extentForRepair(extent);
        } finally {
            coreLock.unlock();
        }
    }

    /** @return the UUID of the region served, which a {@code HereIAm} must ask for (or ask for none) */
    public UUID regionUuid() {
        return regionUuid;
    }

    /** @return the exception that stopped the core, or null while it is healthy */
    public Throwable failure() {
        return failure;
    }

    /** @return true until {@link #close()} unless the core has failed */
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
            // Every reader that ended has run its last message and its end marker through the core itself.
            state.set(CLOSED);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            state.set(CLOSED);
            repairServer.close();
            LockSupport.unpark(watchdogThread);
            // Only after a timeout (or an interrupt) is anything left open here.
            closeAll("downstairs closed before it had answered everything");
        }
    }

    /**
     * Closes any connection whose reply has been blocked in its write for longer than
     * {@code config.writeStallTimeoutMs()}: its peer has stopped reading, and the write holds the core lock, so every
     * other connection waits on it. Closing the socket ends the write with an error, which releases the lock.
     */
    private void watchWrites() {
        long limitNs = TimeUnit.MILLISECONDS.toNanos(config.writeStallTimeoutMs());
        long checkEveryNs = Math.max(TimeUnit.MILLISECONDS.toNanos(10), Math.min(limitNs / 4, WATCHDOG_MAX_PERIOD_NS));
        while (state.get() != CLOSED && failure == null) {
            LockSupport.parkNanos(checkEveryNs);
            long nowNs = System.nanoTime();
            for (PeerConnection connection : connections) {
                if (connection.writeBlockedNs(nowNs) > limitNs) {
                    connection.close("peer stopped reading: a reply's write was blocked for over "
                            + config.writeStallTimeoutMs() + " ms");
                }
            }
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

    /** Called by reader threads: runs the core on the message, under the core lock; false once the server stopped. */
    private boolean publish(PeerConnection from, Message message, boolean moreFollow) {
        coreLock.lock();
        try {
            if (state.get() == CLOSED || failure != null) {
                return false;
            }
            dispatcher.dispatch(from, message, moreFollow);
            return true;
        } finally {
            coreLock.unlock();
        }
    }

    /** Under the core lock, from the dispatcher: a failed downstairs answers no one, so it lets everyone go. */
    private void fail(Throwable cause) {
        if (failure == null) {
            failure = cause;
        }
        closeListener();
        repairServer.close();
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

    @Override
    public String toString() {
        return "DownstairsServer[" + config.instanceId() + " on " + PeerConnection.describe(address)
                + (tls != null ? " over " + TlsSettings.PROTOCOL : "") + ", "
                + (failure != null ? "failed: " + failure : state.get() == RUNNING ? "running" : "closed") + ", "
                + connections.size() + " connections]";
    }
}
