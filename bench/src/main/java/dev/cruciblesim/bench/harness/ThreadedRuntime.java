package dev.cruciblesim.bench.harness;

import dev.cruciblesim.downstairs.DownstairsConfig;
import dev.cruciblesim.downstairs.InboxWaitStrategy;
import dev.cruciblesim.downstairs.ServiceTimeModel;
import dev.cruciblesim.downstairs.region.Region;
import dev.cruciblesim.downstairs.repair.RepairEndpoint;
import dev.cruciblesim.downstairs.repair.RepairSource;
import dev.cruciblesim.downstairs.runtime.CoreRings;
import dev.cruciblesim.downstairs.runtime.InProcessDownstairs;
import dev.cruciblesim.downstairs.server.DownstairsServer;
import dev.cruciblesim.sim.latency.LatencyModel;
import dev.cruciblesim.sim.protocol.Message;
import dev.cruciblesim.sim.time.NanoClock;
import dev.cruciblesim.sim.time.SystemNanoClock;
import dev.cruciblesim.sim.transport.DelayLine;
import dev.cruciblesim.sim.transport.MessageSink;
import dev.cruciblesim.sim.transport.tcp.TcpDownstairsLink;
import dev.cruciblesim.sim.transport.tcp.TlsSettings;
import dev.cruciblesim.tracing.probe.ProbeRegistry;
import dev.cruciblesim.upstairs.core.UpstairsConfig;
import dev.cruciblesim.upstairs.core.UpstairsCore;
import dev.cruciblesim.upstairs.core.UpstairsInput;
import dev.cruciblesim.upstairs.runtime.UpstairsRuntime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Real time: the upstairs core on its Disruptor inbox thread, each downstairs on its own thread, and
 * link delays, where a link has a model, on one {@link DelayLine} thread. Rings are sized from the
 * flow-control limit so that no producer waits on a full ring in normal operation.
 *
 * <p>The {@link Transport} decides how the upstairs reaches each downstairs: by handing it the
 * message objects ({@link Transport#IN_PROCESS}), or through a TCP connection to a
 * {@link DownstairsServer} on a loopback port of this JVM ({@link Transport#TCP}), every message
 * encoded, sent, received and decoded. A link's latency model is a delay on top of either. Over TCP the
 * connections may be TLS ({@link TlsSettings}): the servers this runtime starts and the upstairs' clients then use
 * the same stores, so the truststore must hold the keystore's own certificate.
 */
public final class ThreadedRuntime implements VolumeRuntime<UpstairsRuntime, RealTimeDownstairs>, AutoCloseable {
    /** How the upstairs reaches its downstairs. */
    public enum Transport {
        IN_PROCESS,
        TCP
    }

    private final NanoClock clock = SystemNanoClock.INSTANCE;
    private final Transport transport;
    /** Servers already running that the clients connect to, by client id; null when this runtime starts its own. */
    private final RemoteRegions remoteDownstairs;
    /** How the TCP connections are secured, or null for plain TCP (and in-process). */
    private final TlsSettings tls;
    private final List<RealTimeDownstairs> downstairs = new ArrayList<>();
    /** In process: each client's connection gate, by client id, when {@link #gateConnections} asked for them. */
    private final List<ConnectionGate> gates = new ArrayList<>();
    private boolean gateConnections;
    /** The upstairs inbox's; each in-process downstairs takes its own from its configuration. */
    private InboxWaitStrategy waitStrategy = InboxWaitStrategy.BLOCKING;
    private UpstairsRuntime upstairs;
    private DelayLine delayLine;

    /** Downstairs in this JVM, reached in-process. */
    public ThreadedRuntime() {
        this(Transport.IN_PROCESS);
    }

    public ThreadedRuntime(Transport transport) {
        this(transport, null);
    }

    /**
     * @param tls secures the TCP connections, at both ends; null for plain TCP
     * @throws IllegalArgumentException for TLS with in-process downstairs, which have no connection to secure
     */
    public ThreadedRuntime(Transport transport, TlsSettings tls) {
        this.transport = Objects.requireNonNull(transport, "transport");
        if (tls != null && transport != Transport.TCP) {
            throw new IllegalArgumentException("TLS secures TCP connections; in-process downstairs have none");
        }
        this.remoteDownstairs = null;
        this.tls = tls;
    }

    /**
     * Over TCP to downstairs servers already running (another process, another host), one address per client. Their
     * regions are theirs: the region the assembly makes for each client is left unused, and their probes fire in
     * their own processes. The upstairs takes a fresh id, so that a server an earlier run used starts it afresh
     * (a downstairs keeps the work of an upstairs id it knows).
     */
    public static ThreadedRuntime remote(RemoteRegions downstairs) {
        return remote(downstairs, null);
    }

    /** As above, over TLS with {@code tls}'s stores when it is given (null: plain TCP); the servers must be TLS too. */
    public static ThreadedRuntime remote(RemoteRegions downstairs, TlsSettings tls) {
        return new ThreadedRuntime(downstairs, tls);
    }

    private ThreadedRuntime(RemoteRegions downstairs, TlsSettings tls) {
        if (downstairs.servers().size() != UpstairsCore.CLIENT_COUNT) {
            throw new IllegalArgumentException("the upstairs has " + UpstairsCore.CLIENT_COUNT + " downstairs, got "
                    + downstairs.servers().size() + " addresses");
        }
        this.transport = Transport.TCP;
        this.remoteDownstairs = downstairs;
        this.tls = tls;
    }

    public Transport transport() {
        return transport;
    }

    /** @return the TLS settings of the TCP connections, or null for plain TCP */
    public TlsSettings tls() {
        return tls;
    }

    @Override
    public NanoClock clock() {
        return clock;
    }

    @Override
    public boolean singleThreaded() {
        return false;
    }

    @Override
    public UpstairsRuntime upstairs(UpstairsConfig config, LatencyModel processing, SplittableRandom random,
            ProbeRegistry registry) {
        int ringSize = Math.max(UpstairsRuntime.DEFAULT_RING_SIZE, nextPowerOfTwo(8L * config.maxInFlightPerClient()));
        UpstairsConfig announced = remoteDownstairs == null ? config
                : config.withUpstairsId(new SecureRandom().nextLong() & Long.MAX_VALUE)
                        .withRegionUuids(remoteDownstairs.regionUuids());
        upstairs = new UpstairsRuntime(announced, clock, registry, ringSize, CoreRings.waitStrategy(waitStrategy));
        if (processing != null) {
            upstairs.setProcessingDelay(() -> processing.sampleNs(random));
        }
        return upstairs;
    }

    @Override
    public MessageSink<Message.ToUpstairs> replySink(UpstairsRuntime runtime, int clientId) {
        if (transport != Transport.IN_PROCESS) {
            return runtime.replySink(clientId);
        }
        // In process the downstairs' thread (or a delay line's) is the one sender and ends each batch of replies.
        MessageSink<Message.ToUpstairs> replies = runtime.batchedReplySink(clientId);
        if (gateConnections) {
            // In process there is no socket to break: a gate on both directions stands for it.
            ConnectionGate gate = new ConnectionGate();
            gates.add(gate);
            return gate.guard(replies);
        }
        return replies;
    }

    @Override
    public RealTimeDownstairs downstairs(DownstairsConfig config, Region region, ProbeRegistry registry,
            MessageSink<Message.ToUpstairs> replies, ServiceTimeModel serviceTime, RepairSource peers) {
        if (upstairs == null) {
            throw new IllegalStateException(
                    "the upstairs is made first: its flow-control limit sizes the downstairs' rings");
        }
        // Room for every job the upstairs may have in flight to it, and its negotiation.
        int maxInFlight = upstairs.config().maxInFlightPerClient();
        int ringSize = Math.max(DownstairsConfig.DEFAULT_INBOX_RING_SIZE, nextPowerOfTwo(2L * maxInFlight + 16));
        DownstairsConfig sized = config.withInboxRingSize(ringSize);
        RealTimeDownstairs ds;
        if (transport == Transport.IN_PROCESS) {
            InProcessDownstairs inProcess = new InProcessDownstairs(sized, region, registry, replies, serviceTime,
                    RepairEndpoint.inJvm(peers));
            // Its one producer, the upstairs core or a delay line, ends every batch of sends.
            inProcess.batchSends();
            ds = new InProcess(downstairs.size(), inProcess, gateConnections ? gates.get(downstairs.size()) : null,
                    upstairs);
        } else if (remoteDownstairs != null) {
            ds = new OverTcp(downstairs.size(), config.instanceId(), null, null,
                    remoteDownstairs.servers().get(downstairs.size()), tls, replies, upstairs);
        } else {
            DownstairsServer server;
            ServerLog log = new ServerLog();
            try {
                server = DownstairsServer.start(sized, region, registry, serviceTime,
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), log, tls);
            } catch (IOException e) {
                throw new UncheckedIOException("downstairs " + config.instanceId() + ": cannot start its server: "
                        + e.getMessage(), e);
            }
            ds = new OverTcp(downstairs.size(), config.instanceId(), server, log, server.address(), tls, replies,
                    upstairs);
        }
        downstairs.add(ds);
        return ds;
    }

    @Override
    public MessageSink<Message.ToDownstairs> inbox(RealTimeDownstairs ds) {
        return ds.inbox();
    }

    @Override
    public <M extends Message> MessageSink<M> link(String name, LatencyModel delay, SplittableRandom random,
            MessageSink<M> destination) {
        if (delay == null) {
            return destination;
        }
        if (delayLine == null) {
            delayLine = new DelayLine(clock, "link-delays");
        }
        return delayLine.link(delay, random, destination);
    }

    /**
     * @throws UncheckedIOException when a downstairs server cannot be started or reached; the parts already
     *                              started are closed by {@link #close}
     */
    @Override
    public void connect(UpstairsRuntime runtime, List<MessageSink<Message.ToDownstairs>> clients) {
        if (delayLine != null) {
            delayLine.start();
        }
        for (RealTimeDownstairs ds : downstairs) {
            try {
                ds.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
        }
        runtime.start(clients);
    }

    /**
     * Stops every part: the upstairs first (waiting up to {@code drainTimeoutMs} for its inbox), then
     * the delay line and the downstairs.
     */
    public void close(long drainTimeoutMs) {
        if (upstairs != null) {
            upstairs.close(drainTimeoutMs);
        }
        if (delayLine != null) {
            delayLine.close();
        }
        for (RealTimeDownstairs ds : downstairs) {
            ds.close();
        }
    }

    @Override
    public void close() {
        close(UpstairsRuntime.DEFAULT_CLOSE_TIMEOUT_MS);
    }

    /**
     * In process, puts a gate on both directions of each client's connection, so that {@link #disconnect} can cut
     * it: one volatile read and one more call per message, paid only by runs that inject disconnects. Call it
     * before the volume is assembled.
     */
    public void gateConnections() {
        if (upstairs != null) {
            throw new IllegalStateException("gate the connections before the volume is assembled");
        }
        gateConnections = true;
    }

    /** Sets how the upstairs core's inbox waits for a message. Call it before the volume is assembled. */
    public void waitStrategy(InboxWaitStrategy strategy) {
        if (upstairs != null) {
            throw new IllegalStateException("choose the wait strategy before the volume is assembled");
        }
        waitStrategy = java.util.Objects.requireNonNull(strategy, "strategy");
    }

    /** @return whether the downstairs run in this JVM (in process, or servers it started), where faults reach them */
    public boolean hostsDownstairs() {
        return remoteDownstairs == null;
    }

    /** Breaks client {@code clientId}'s connection and keeps it down until {@link #reconnect} (a fault). */
    public void disconnect(int clientId, String reason) {
        downstairs.get(clientId).disconnect(reason);
    }

    /** Lets client {@code clientId}'s connection come back: it reconnects and is replayed. */
    public void reconnect(int clientId) {
        downstairs.get(clientId).reconnect();
    }

    /** @return why a part other than the upstairs failed, one line each, in a fixed order */
    public List<String> failures() {
        List<String> failures = new ArrayList<>();
        if (delayLine != null && delayLine.failure() != null) {
            failures.add("link delay line failed: " + delayLine.failure());
        }
        for (RealTimeDownstairs ds : downstairs) {
            if (ds.failure() != null) {
                failures.add(ds.failure());
            }
        }
        return failures;
    }

    /** A downstairs on its own thread in this JVM, handed the message objects. */
    private static final class InProcess implements RealTimeDownstairs {
        private final int clientId;
        private final InProcessDownstairs downstairs;
        private final ConnectionGate gate;
        private final UpstairsRuntime upstairs;

        InProcess(int clientId, InProcessDownstairs downstairs, ConnectionGate gate, UpstairsRuntime upstairs) {
            this.clientId = clientId;
            this.downstairs = downstairs;
            this.gate = gate;
            this.upstairs = upstairs;
        }

        /** Cut both ways, then the upstairs is told, as a socket's reader would tell it once the socket failed. */
        @Override
        public void disconnect(String reason) {
            if (gate == null) {
                throw new IllegalStateException("downstairs client " + clientId + " has no connection gate to cut "
                        + "(ThreadedRuntime.gateConnections)");
            }
            if (gate.isUp()) {
                gate.cut();
                upstairs.publish(UpstairsInput.clientLost(clientId, reason));
            }
        }

        @Override
        public void reconnect() {
            if (gate != null && !gate.isUp()) {
                gate.restore();
                upstairs.publish(UpstairsInput.clientReconnected(clientId));
            }
        }

        @Override
        public long instanceId() {
            return downstairs.config().instanceId();
        }

        @Override
        public MessageSink<Message.ToDownstairs> inbox() {
            return gate == null ? downstairs.inbox() : gate.guard(downstairs.inbox());
        }

        @Override
        public void start() {
            downstairs.start();
        }

        @Override
        public void close() {
            downstairs.close();
        }

        @Override
        public String failure() {
            Throwable failure = downstairs.failure();
            return failure == null ? null : "downstairs " + instanceId() + " failed: " + failure;
        }
    }

    /**
     * The upstairs client's connection to a downstairs server: one this runtime started on an ephemeral loopback
     * port of this JVM (the same core with the same probes), or one already running elsewhere. The upstairs'
     * messages and the replies cross the socket.
     */
    private static final class OverTcp implements RealTimeDownstairs {
        /** Crucible O's reconnect delay ({@code UL@O:1606}). */
        static final long RECONNECT_DELAY_NS = TimeUnit.SECONDS.toNanos(1);

        private final int clientId;
        private final long instanceId;
        /** The server this runtime started and its log, or null for one running elsewhere. */
        private final DownstairsServer server;
        private final ServerLog serverLog;
        private final InetSocketAddress address;
        private final TlsSettings tls;
        private final MessageSink<Message.ToUpstairs> replies;
        private final UpstairsRuntime upstairs;
        private volatile TcpDownstairsLink link;
        private volatile boolean closed;
        /** While an injected disconnect lasts: reconnecting waits. */
        private volatile boolean heldDown;
        private volatile Thread reconnector;

        OverTcp(int clientId, long instanceId, DownstairsServer server, ServerLog serverLog,
                InetSocketAddress address, TlsSettings tls, MessageSink<Message.ToUpstairs> replies,
                UpstairsRuntime upstairs) {
            this.clientId = clientId;
            this.instanceId = instanceId;
            this.server = server;
            this.serverLog = serverLog;
            this.address = address;
            this.tls = tls;
            this.replies = replies;
            this.upstairs = upstairs;
        }

        @Override
        public long instanceId() {
            return instanceId;
        }

        @Override
        public MessageSink<Message.ToDownstairs> inbox() {
            return new MessageSink<>() {
                @Override
                public void send(Message.ToDownstairs message) {
                    connected().send(message);
                }

                @Override
                public void endOfBatch() {
                    connected().endOfBatch();
                }
            };
        }

        private TcpDownstairsLink connected() {
            TcpDownstairsLink connected = link;
            if (connected == null) {
                throw new IllegalStateException("downstairs " + instanceId + ": message sent before start()");
            }
            return connected;
        }

        @Override
        public void start() throws IOException {
            link = open();
        }

        private TcpDownstairsLink open() throws IOException {
            TcpDownstairsLink connected = TcpDownstairsLink.connect("downstairs client " + instanceId, address,
                    replies, this::onLost, tls);
            // Its sender ends every batch: the upstairs core at the end of each batch of its inbox, or the delay
            // line after each delivery, so a batch's frames to this downstairs leave in one write.
            connected.batchWrites();
            return connected;
        }

        /**
         * As Crucible O does: the client goes Offline (the upstairs holds its jobs and serves the guest with the
         * other two), and this side reconnects by itself, every {@link #RECONNECT_DELAY_NS}, until it is back or
         * the runtime closes; then the upstairs negotiates again and replays. The client's states show it
         * ({@code upstairs_info}).
         */
        private synchronized void onLost(String reason) {
            if (closed) {
                return;
            }
            upstairs.publish(UpstairsInput.clientLost(clientId, reason));
            Thread running = reconnector;
            if (running != null && running.isAlive()) {
                return; // already trying: one reconnector at a time
            }
            Thread thread = new Thread(this::reconnectUntilBack, "downstairs-" + instanceId + "-reconnect");
            thread.setDaemon(true);
            reconnector = thread;
            thread.start();
        }

        private void reconnectUntilBack() {
            while (!closed) {
                LockSupport.parkNanos(RECONNECT_DELAY_NS);
                if (closed) {
                    return;
                }
                if (heldDown) {
                    continue;
                }
                TcpDownstairsLink connected;
                try {
                    connected = open();
                } catch (IOException e) {
                    continue; // not back yet: try again after the delay
                } catch (RuntimeException e) {
                    // Not the network: a bug or a setting that will fail the same way every time. Say so.
                    upstairs.publish(UpstairsInput.fatal("downstairs client " + instanceId
                            + ": reconnecting failed: " + e));
                    return;
                }
                if (heldDown) {
                    // A disconnect fault began while this attempt connected: it holds, so this link goes too.
                    connected.close();
                    continue;
                }
                link = connected;
                if (closed) {
                    connected.close();
                    return;
                }
                upstairs.publish(UpstairsInput.clientReconnected(clientId));
                return;
            }
        }

        /** The upstairs' side closes its socket, as a network that failed would end it; the server sees it go. */
        @Override
        public void disconnect(String reason) {
            if (heldDown || closed) {
                return;
            }
            heldDown = true;
            TcpDownstairsLink connected = link;
            if (connected != null && !connected.isEnded()) {
                connected.close();
                onLost(reason);
            }
        }

        /** Reconnects at once rather than at the next retry: the fault's duration is the outage. */
        @Override
        public void reconnect() {
            heldDown = false;
            Thread thread = reconnector;
            if (thread != null) {
                LockSupport.unpark(thread);
            }
        }

        @Override
        public void close() {
            closed = true;
            Thread thread = reconnector;
            if (thread != null) {
                LockSupport.unpark(thread);
            }
            TcpDownstairsLink connected = link;
            if (connected != null) {
                connected.close();
            }
            if (server != null) {
                server.close();
            }
        }

        @Override
        public String failure() {
            // A lost connection is not a failure of the run: the client went Offline and the run went on.
            Throwable serverFailure = server == null ? null : server.failure();
            if (serverFailure == null) {
                return null;
            }
            String serverSaid = serverLog.lines();
            return "downstairs " + instanceId + " server failed: " + serverFailure
                    + (serverSaid.isEmpty() ? "" : " (" + serverSaid + ")");
        }
    }

    /**
     * A started server's log: one line per connection as it closes; said only when the server failed, as part of
     * why.
     */
    private static final class ServerLog implements Consumer<String> {
        private final Queue<String> lines = new ConcurrentLinkedQueue<>();

        @Override
        public void accept(String line) {
            lines.add(line);
        }

        String lines() {
            return String.join("; ", lines);
        }
    }

    private static int nextPowerOfTwo(long value) {
        long power = Long.highestOneBit(Math.max(1, value - 1)) << 1;
        if (power > (1 << 30)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "ring size for %d entries is too large",
                    value));
        }
        return (int) power;
    }
}
