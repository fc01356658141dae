package dev.cruciblesim.bench.harness;

import dev.cruciblesim.sim.protocol.Message;
import dev.cruciblesim.sim.transport.MessageSink;

/**
 * Both directions of one in-process client's "connection", which a fault can cut: while cut, every message either
 * way is dropped where it would be delivered, as a broken socket loses what is in flight. One volatile read per
 * message is all it costs while it stays up.
 */
final class ConnectionGate {
    private volatile boolean up = true;

    void cut() {
        up = false;
    }

    void restore() {
        up = true;
    }

    boolean isUp() {
        return up;
    }

    /** @return {@code destination} behind this gate */
    <M extends Message> MessageSink<M> guard(MessageSink<M> destination) {
        return new MessageSink<>() {
            @Override
            public void send(M message) {
                if (up) {
                    destination.send(message);
                }
            }

            @Override
            public void endOfBatch() {
                destination.endOfBatch();
            }
        };
    }
}
