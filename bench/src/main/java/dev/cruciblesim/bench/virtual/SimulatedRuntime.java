package dev.cruciblesim.bench.virtual;

import dev.cruciblesim.bench.harness.VolumeAssembly;
import dev.cruciblesim.bench.harness.VolumeRuntime;
import dev.cruciblesim.downstairs.DownstairsConfig;
import dev.cruciblesim.downstairs.DownstairsCore;
import dev.cruciblesim.downstairs.ServiceTimeModel;
import dev.cruciblesim.downstairs.region.Region;
import dev.cruciblesim.downstairs.repair.RepairEndpoint;
import dev.cruciblesim.downstairs.repair.RepairSource;
import dev.cruciblesim.downstairs.runtime.SimulatedDownstairs;
import dev.cruciblesim.sim.event.EventScheduler;
import dev.cruciblesim.sim.latency.LatencyModel;
import dev.cruciblesim.sim.protocol.Message;
import dev.cruciblesim.sim.time.NanoClock;
import dev.cruciblesim.sim.transport.MessageSink;
import dev.cruciblesim.sim.transport.SimulatedLink;
import dev.cruciblesim.tracing.probe.ProbeRegistry;
import dev.cruciblesim.upstairs.core.UpstairsConfig;
import dev.cruciblesim.upstairs.core.UpstairsInput;
import dev.cruciblesim.upstairs.core.UpstairsListener;
import dev.cruciblesim.upstairs.runtime.SimulatedUpstairs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Virtual time: every part is driven by one {@link EventScheduler} on one thread. Links are
 * {@link SimulatedLink}s (FIFO, delays drawn from their models), each downstairs a
 * {@link SimulatedDownstairs} disk, the upstairs a {@link SimulatedUpstairs} single server.
 */
public final class SimulatedRuntime implements VolumeRuntime<SimulatedUpstairs, SimulatedDownstairs> {
    private final EventScheduler scheduler;
    private final UpstairsListener listener;
    /** Every link made, by name; a LinkedHashMap so that nothing here depends on hash order. */
    private final Map<String, SimulatedLink<?>> links = new LinkedHashMap<>();

    /** @param listener hears the upstairs' activation and failure, inside the event that caused them */
    public SimulatedRuntime(EventScheduler scheduler, UpstairsListener listener) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    @Override
    public NanoClock clock() {
        return scheduler;
    }

    @Override
    public boolean singleThreaded() {
        return true;
    }

    @Override
    public SimulatedUpstairs upstairs(UpstairsConfig config, LatencyModel processing, SplittableRandom random,
            ProbeRegistry registry) {
        return new SimulatedUpstairs(config, scheduler, registry, processing, random);
    }

    @Override
    public MessageSink<Message.ToUpstairs> replySink(SimulatedUpstairs upstairs, int clientId) {
        return upstairs.replySink(clientId);
    }

    @Override
    public SimulatedDownstairs downstairs(DownstairsConfig config, Region region, ProbeRegistry registry,
            MessageSink<Message.ToUpstairs> replies, ServiceTimeModel serviceTime, RepairSource peers) {
        return new SimulatedDownstairs(new DownstairsCore(config, region, scheduler, registry, replies, serviceTime,
                RepairEndpoint.inJvm(peers)), scheduler);
    }

    @Override
    public MessageSink<Message.ToDownstairs> inbox(SimulatedDownstairs downstairs) {
        return downstairs::deliver;
    }

    @Override
    public <M extends Message> MessageSink<M> link(String name, LatencyModel delay, SplittableRandom random,
            MessageSink<M> destination) {
        SimulatedLink<M> link = new SimulatedLink<>(name, scheduler, delay, random);
        link.connect(destination);
        links.put(name, link);
        return link;
    }

    /**
     * Breaks both directions of client {@code clientId}'s connection (messages in transit are lost) and tells the
     * upstairs, as a TCP runtime's lost link does: the client goes Offline. Call it inside an event.
     */
    public void disconnect(SimulatedUpstairs upstairs, int clientId) {
        clientLinks(clientId).forEach(SimulatedLink::disconnect);
        upstairs.deliver(UpstairsInput.clientLost(clientId, "downstairs client " + clientId
                + ": connection lost (simulated)"));
    }

    /** Connects client {@code clientId} again and tells the upstairs, which negotiates and replays. */
    public void reconnect(SimulatedUpstairs upstairs, int clientId) {
        clientLinks(clientId).forEach(SimulatedLink::reconnect);
        upstairs.deliver(UpstairsInput.clientReconnected(clientId));
    }

    private List<SimulatedLink<?>> clientLinks(int clientId) {
        SimulatedLink<?> toDownstairs = links.get(VolumeAssembly.toDownstairsLinkName(clientId));
        SimulatedLink<?> toUpstairs = links.get(VolumeAssembly.toUpstairsLinkName(clientId));
        if (toDownstairs == null || toUpstairs == null) {
            throw new IllegalArgumentException("no links for downstairs client " + clientId);
        }
        return List.of(toDownstairs, toUpstairs);
    }

    @Override
    public void connect(SimulatedUpstairs upstairs, List<MessageSink<Message.ToDownstairs>> clients) {
        upstairs.start(clients, listener);
    }
}
