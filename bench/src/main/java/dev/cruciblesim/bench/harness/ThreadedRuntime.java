package dev.cruciblesim.bench.harness;

import com.lmax.disruptor.BlockingWaitStrategy;
import dev.cruciblesim.downstairs.DownstairsConfig;
import dev.cruciblesim.downstairs.ServiceTimeModel;
import dev.cruciblesim.downstairs.region.Region;
import dev.cruciblesim.downstairs.runtime.InProcessDownstairs;
import dev.cruciblesim.sim.latency.LatencyModel;
import dev.cruciblesim.sim.protocol.Message;
import dev.cruciblesim.sim.time.NanoClock;
import dev.cruciblesim.sim.time.SystemNanoClock;
import dev.cruciblesim.sim.transport.DelayLine;
import dev.cruciblesim.sim.transport.MessageSink;
import dev.cruciblesim.tracing.probe.ProbeRegistry;
import dev.cruciblesim.upstairs.core.UpstairsConfig;
import dev.cruciblesim.upstairs.runtime.UpstairsRuntime;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Real time in this JVM: the upstairs core on its Disruptor inbox thread, each downstairs on its own
 * thread, and link delays, where a link has a model, on one {@link DelayLine} thread. Rings are
 * sized from the flow-control limit so that no producer waits on a full ring in normal operation.
 */
public final class ThreadedRuntime implements VolumeRuntime<UpstairsRuntime, InProcessDownstairs>, AutoCloseable {
    private final NanoClock clock = SystemNanoClock.INSTANCE;
    private final List<InProcessDownstairs> downstairs = new ArrayList<>();
    private UpstairsRuntime upstairs;
    private DelayLine delayLine;

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
    public InProcessDownstairs downstairs(DownstairsConfig config, Region region, ProbeRegistry registry,
            MessageSink<Message.ToUpstairs> replies, ServiceTimeModel serviceTime) {
        if (upstairs == null) {
            throw new IllegalStateException(
                    "the upstairs is made first: its flow-control limit sizes the downstairs' rings");
        }
        // Room for every job the upstairs may have in flight to it, and its negotiation.
        int maxInFlight = upstairs.config().maxInFlightPerClient();
        int ringSize = Math.max(DownstairsConfig.DEFAULT_INBOX_RING_SIZE, nextPowerOfTwo(2L * maxInFlight + 16));
        InProcessDownstairs ds = new InProcessDownstairs(config.withInboxRingSize(ringSize), region, registry,
                replies, serviceTime);
        downstairs.add(ds);
        return ds;
    }

    @Override
    public MessageSink<Message.ToDownstairs> inbox(InProcessDownstairs ds) {
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

    @Override
    public void connect(UpstairsRuntime runtime, List<MessageSink<Message.ToDownstairs>> clients) {
        if (delayLine != null) {
            delayLine.start();
        }
        for (InProcessDownstairs ds : downstairs) {
            ds.start();
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
        for (InProcessDownstairs ds : downstairs) {
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
        for (InProcessDownstairs ds : downstairs) {
            if (ds.failure() != null) {
                failures.add("downstairs " + ds.config().instanceId() + " failed: " + ds.failure());
            }
        }
        return failures;
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
