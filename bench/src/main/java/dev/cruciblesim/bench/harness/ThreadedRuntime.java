package dev.cruciblesim.bench.harness;

import com.lmax.disruptor.BlockingWaitStrategy;
import dev.cruciblesim.downstairs.DownstairsConfig;
import dev.cruciblesim.downstairs.ServiceTimeModel;
import dev.cruciblesim.downstairs.region.Region;
import dev.cruciblesim.downstairs.runtime.InProcessDownstairs;
import dev.cruciblesim.downstairs.server.DownstairsServer;
import dev.cruciblesim.sim.latency.LatencyModel;
import dev.cruciblesim.sim.protocol.Message;
import dev.cruciblesim.sim.time.NanoClock;
import dev.cruciblesim.sim.time.SystemNanoClock;
import dev.cruciblesim.sim.transport.DelayLine;
import dev.cruciblesim.sim.transport.MessageSink;
import dev.cruciblesim.tracing.probe.ProbeRegistry;
import dev.cruciblesim.sim.transport.tcp.TcpDownstairsLink;
import dev.cruciblesim.upstairs.core.UpstairsConfig;
import dev.cruciblesim.upstairs.core.UpstairsInput;
import dev.cruciblesim.upstairs.runtime.UpstairsRuntime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Real time: the upstairs core on its Disruptor inbox thread, each downstairs on its own thread, and
 * link delays, where a link has a model, on one {@link DelayLine} thread. Rings are sized from the
 * flow-control limit so that no producer waits on a full ring in normal operation.
 *
 * <p>The {@link Transport} decides how the upstairs reaches each downstairs: by handing it the
 * message objects ({@link Transport#IN_PROCESS}), or through a TCP connection to a
 * {@link DownstairsServer} on a loopback port of this JVM ({@link Transport#TCP}), every message
 * encoded, sent, received and decoded. A link's latency model is a delay on top of either.
 */
public final class ThreadedRuntime implements VolumeRuntime<UpstairsRuntime, RealTimeDownstairs>, AutoCloseable {
    /** How the upstairs reaches its downstairs. */
    public enum Transport {
        IN_PROCESS,
        TCP
    }

    private final NanoClock clock = SystemNanoClock.INSTANCE;
    private final Transport transport;
    private final List<RealTimeDownstairs> downstairs = new ArrayList<>();
    private UpstairsRuntime upstairs;
    private DelayLine delayLine;

    /** Downstairs in this JVM, reached in-process. */
    public ThreadedRuntime() {
        this(Transport.IN_PROCESS);
    }

    public ThreadedRuntime(Transport transport) {
        this.transport = Objects.requireNonNull(transport, "transport");
    }

    public Transport transport() {
        return transport;
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
        upstairs = new UpstairsRuntime(config, clock, registry, ringSize, new BlockingWaitStrategy());
        if (processing != null) {
            upstairs.setProcessingDelay(() -> processing.sampleNs(random));
        }
        return upstairs;
    }

    @Override
    public MessageSink<Message.ToUpstairs> replySink(UpstairsRuntime runtime, int clientId) {
        return runtime.replySink(clientId);
    }

    @Override
    public RealTimeDownstairs downstairs(DownstairsConfig config, Region region, ProbeRegistry registry,
            MessageSink<Message.ToUpstairs> replies, ServiceTimeModel serviceTime) {
        if (upstairs == null) {
            throw new IllegalStateException(
                    "the upstairs is made first: its flow-control limit sizes the downstairs' rings");
        }
        // Room for every job the upstairs may have in flight to it, and its negotiation.
        int maxInFlight = upstairs.config().maxInFlightPerClient();
        int ringSize = Math.max(DownstairsConfig.DEFAULT_INBOX_RING_SIZE, nextPowerOfTwo(2L * maxInFlight + 16));
        DownstairsConfig sized = config.withInboxRingSize(ringSize);
        RealTimeDownstairs ds = transport == Transport.IN_PROCESS
                ? new InProcess(new InProcessDownstairs(sized, region, registry, replies, serviceTime))
                : new OverTcp(sized, region, registry, replies, serviceTime, upstairs);
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
        private final InProcessDownstairs downstairs;

        InProcess(InProcessDownstairs downstairs) {
            this.downstairs = downstairs;
        }

        @Override
        public long instanceId() {
            return downstairs.config().instanceId();
        }

        @Override
        public MessageSink<Message.ToDownstairs> inbox() {
            return downstairs.inbox();
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
     * A downstairs server on an ephemeral loopback port of this JVM, and the upstairs client's connection to it. The
     * server runs the same core with the same probes; the upstairs' messages and the replies cross the socket.
     */
    private static final class OverTcp implements RealTimeDownstairs {
        private final DownstairsServer server;
        private final long instanceId;
        private final MessageSink<Message.ToUpstairs> replies;
        private final UpstairsRuntime upstairs;
        /** The server's lines, one per connection as it closes: said only when the run's connection was lost. */
        private final Queue<String> serverLog = new ConcurrentLinkedQueue<>();
        private volatile TcpDownstairsLink link;
        private volatile String lost;

        OverTcp(DownstairsConfig config, Region region, ProbeRegistry registry, MessageSink<Message.ToUpstairs> replies,
                ServiceTimeModel serviceTime, UpstairsRuntime upstairs) {
            this.instanceId = config.instanceId();
            this.replies = replies;
            this.upstairs = upstairs;
            try {
                this.server = DownstairsServer.start(config, region, registry, serviceTime,
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), serverLog::add);
            } catch (IOException e) {
                throw new UncheckedIOException("downstairs " + instanceId + ": cannot start its server: "
                        + e.getMessage(), e);
            }
        }

        @Override
        public long instanceId() {
            return instanceId;
        }

        @Override
        public MessageSink<Message.ToDownstairs> inbox() {
            return message -> {
                TcpDownstairsLink connected = link;
                if (connected == null) {
                    throw new IllegalStateException("downstairs " + instanceId + ": message sent before start()");
                }
                connected.send(message);
            };
        }

        @Override
        public void start() throws IOException {
            link = TcpDownstairsLink.connect("downstairs client " + instanceId, server.address(), replies, this::onLost);
        }

        /**
         * Reconnecting and replaying are not built yet (Crucible does both): until they are, a lost connection
         * stops the run with the reason rather than leaving its IO waiting for replies that cannot come.
         */
        private void onLost(String reason) {
            lost = reason;
            upstairs.publish(UpstairsInput.fatal(reason));
        }

        @Override
        public void close() {
            TcpDownstairsLink connected = link;
            if (connected != null) {
                connected.close();
            }
            server.close();
        }

        @Override
        public String failure() {
            Throwable serverFailure = server.failure();
            if (serverFailure != null) {
                return "downstairs " + instanceId + " server failed: " + serverFailure;
            }
            if (lost == null) {
                return null;
            }
            String serverSaid = String.join("; ", serverLog);
            return serverSaid.isEmpty() ? lost : lost + " (" + serverSaid + ")";
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
