package dev.cruciblesim.bench.harness;

import dev.cruciblesim.sim.protocol.Message;
import dev.cruciblesim.sim.transport.MessageSink;

import java.io.IOException;

/**
 * One downstairs as the real-time runtime drives it, whatever the transport: a thread in this JVM
 * ({@link ThreadedRuntime.Transport#IN_PROCESS}) or a server reached over a socket
 * ({@link ThreadedRuntime.Transport#TCP}).
 */
public interface RealTimeDownstairs extends AutoCloseable {
    long instanceId();

    /** @return where the upstairs sends this downstairs its messages, from the upstairs core thread only */
    MessageSink<Message.ToDownstairs> inbox();

    /** Sets it going; for a server, connects to it. */
    void start() throws IOException;

    /** Stops it, letting in-flight work finish within its close timeout. Idempotent. */
    @Override
    void close();

    /** @return why it stopped working, in one line, or null while it is healthy */
    String failure();

    /**
     * Breaks the connection from the upstairs' side and keeps it down (an injected fault): the upstairs hears the
     * client is lost, as from a socket that failed, and no reconnect succeeds until {@link #reconnect}.
     */
    void disconnect(String reason);

    /** Lets the connection come back after {@link #disconnect}: the client reconnects and is replayed. */
    void reconnect();
}
