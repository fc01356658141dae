package dev.cruciblesim.sim.transport;

import dev.cruciblesim.sim.event.EventHandler;
import dev.cruciblesim.sim.event.EventScheduler;
import dev.cruciblesim.sim.latency.LatencyModel;
import dev.cruciblesim.sim.protocol.Message;
import dev.cruciblesim.sim.time.SaturatingTime;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * One direction of the connection between the upstairs and a downstairs, in virtual time. Each
 * message is delivered after a delay drawn from the link's model, but never before the message
 * sent ahead of it: the real transport is a TCP stream, which does not reorder. Without a model,
 * delivery is still a separate event at the same instant, so no core ever re-enters itself (a
 * downstairs that replies at once would otherwise be inside the upstairs that is still sending);
 * the scheduler keeps such events in its same-instant ring, not its heap, so they cost little.
 */
public final class SimulatedLink<M extends Message> implements MessageSink<M>, EventHandler {
    private final String name;
    private final EventScheduler scheduler;
    private final LatencyModel model;
    private final SplittableRandom random;
    private MessageSink<M> destination;
    private long lastDeliveryNs;
    private long messagesSent;
    private long messagesDropped;
    /** Counts connections: a message carries the one it was sent on and is lost if that one has gone since. */
    private long connection;
    private boolean connected = true;

    /** @param model the one-way delay, or null for none */
    public SimulatedLink(String name, EventScheduler scheduler, LatencyModel model, SplittableRandom random) {
        this.name = name;
        this.scheduler = scheduler;
        this.model = model;
        this.random = random;
        // Times compare by difference (nanoTime style), so start from a real reading, not MIN_VALUE.
        this.lastDeliveryNs = scheduler.nanoTime();
    }

    public void connect(MessageSink<M> destination) {
        this.destination = Objects.requireNonNull(destination, "destination");
    }

    /**
     * The connection breaks: whatever is in transit is lost, and so is whatever is sent until {@link #reconnect()},
     * as over a TCP connection that dies. Order is kept for what comes after.
     */
    public void disconnect() {
        connected = false;
        connection++;
    }

    /** A new connection: messages flow again, none of those lost comes back. */
    public void reconnect() {
        connected = true;
    }

    public boolean isConnected() {
        return connected;
    }

    @Override
    public void send(M message) {
        if (!connected) {
            messagesDropped++;
            return;
        }
        long nowNs = scheduler.nanoTime();
        long deliveryNs = model == null ? nowNs : SaturatingTime.plus(nowNs, model.sampleNs(random));
        if (deliveryNs - lastDeliveryNs < 0) {
            deliveryNs = lastDeliveryNs;
        }
        lastDeliveryNs = deliveryNs;
        messagesSent++;
        scheduler.schedule(deliveryNs, this, message, connection);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void onEvent(Object payload, long sentOnConnection) {
        if (sentOnConnection != connection) {
            messagesDropped++; // in transit when its connection broke
            return;
        }
        destination.send((M) payload);
    }

    public long messagesSent() {
        return messagesSent;
    }

    /** @return messages lost to a {@link #disconnect()}: in transit then, or sent while disconnected */
    public long messagesDropped() {
        return messagesDropped;
    }

    @Override
    public String toString() {
        return "link " + name;
    }
}
