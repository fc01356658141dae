package dev.cruciblesim.downstairs.repair;

import dev.cruciblesim.downstairs.region.ExtentImage;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A downstairs' repair server: serves whole extents to peers repairing from it at start-up reconciliation, one
 * request per connection ({@link RepairFrames} has the framing), on a port of its own as Crucible's is (by default
 * the IO port + 4000). Plain TCP, as Crucible O's repair server is, even when the IO port is TLS.
 *
 * <p>Each connection gets a thread of its own, so that a peer that is slow to ask cannot hold up the one that asks
 * next; at most {@value #MAX_CONNECTIONS} at a time, since reconciliation copies one extent to at most two peers.
 * A peer must send its request within {@value #REQUEST_TIMEOUT_MS} ms. A request that breaks the framing, a peer that
 * hangs up or times out, or one over the limit is closed, and every connection gets exactly one log line, when it
 * closes, saying what it was served or why it was closed; the log must be thread-safe.
 */
public final class RepairServer implements AutoCloseable {
    /** How long a peer may take to send its request: O's negotiation gives a peer 5 s per ping, this twice that. */
    public static final int REQUEST_TIMEOUT_MS = 10_000;
    static final int MAX_CONNECTIONS = 8;
    private static final int ACCEPT_BACKLOG = 16;

    /** What the server serves: the whole of one extent, or a RuntimeException saying why not. */
    @FunctionalInterface
    public interface ExtentReader {
        ExtentImage read(int extent);
    }

    private final String name;
    private final ServerSocket listener;
    private final InetSocketAddress address;
    private final int blockSizeBytes;
    private final ExtentReader reader;
    private final Consumer<String> log;
    private final int requestTimeoutMs;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final Thread acceptThread;
    private volatile boolean closed;

    private RepairServer(String name, ServerSocket listener, int blockSizeBytes, ExtentReader reader,
            Consumer<String> log, int requestTimeoutMs) {
        this.requestTimeoutMs = requestTimeoutMs;
        this.name = name;
        this.listener = listener;
        this.address = (InetSocketAddress) listener.getLocalSocketAddress();
        this.blockSizeBytes = blockSizeBytes;
        this.reader = reader;
        this.log = log;
        this.acceptThread = new Thread(this::acceptLoop, name + "-repair-accept");
        acceptThread.setDaemon(true);
    }

    /**
     * Binds and starts accepting.
     *
     * @param name        names the server in its threads and log lines, e.g. "downstairs-3"
     * @param bindAddress where to listen; port 0 takes an ephemeral port, see {@link #address()}
     * @throws IOException when the address cannot be bound
     */
    public static RepairServer start(String name, InetSocketAddress bindAddress, int blockSizeBytes,
            ExtentReader reader, Consumer<String> log) throws IOException {
        return start(name, bindAddress, blockSizeBytes, reader, log, REQUEST_TIMEOUT_MS);
    }

    /** As above, giving a peer {@code requestTimeoutMs} to send its request: tests shorten it. */
    static RepairServer start(String name, InetSocketAddress bindAddress, int blockSizeBytes, ExtentReader reader,
            Consumer<String> log, int requestTimeoutMs) throws IOException {
        Objects.requireNonNull(reader, "reader");
        Objects.requireNonNull(log, "log");
        ServerSocket listener = new ServerSocket();
        try {
            listener.bind(Objects.requireNonNull(bindAddress, "bindAddress"), ACCEPT_BACKLOG);
        } catch (IOException | RuntimeException e) {
            listener.close();
            throw e;
        }
        RepairServer server = new RepairServer(name, listener, blockSizeBytes, reader, log, requestTimeoutMs);
        server.acceptThread.start();
        return server;
    }

    /** @return where the server listens, with the real port when port 0 was asked for */
    public InetSocketAddress address() {
        return address;
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                if (listener.isClosed()) {
                    return;
                }
                log.accept(name + " repair server: accept failed, retrying: " + e.getMessage());
                continue;
            }
            if (connections.size() >= MAX_CONNECTIONS) {
                closeQuietly(socket);
                log.accept(name + " repair server: closed " + socket.getRemoteSocketAddress() + ": already serving "
                        + MAX_CONNECTIONS + " peers");
                continue;
            }
            connections.add(socket);
            if (closed) {
                closeConnection(socket, "repair server closing");
                continue;
            }
            Thread thread = new Thread(() -> serve(socket), name + "-repair-" + socket.getPort());
            thread.setDaemon(true);
            thread.start();
        }
    }

    private void serve(Socket socket) {
        String outcome;
        try {
            socket.setSoTimeout(requestTimeoutMs);
            int extent = RepairFrames.readRequest(new DataInputStream(socket.getInputStream()));
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
            ExtentImage image = null;
            String refusal = null;
            try {
                image = reader.read(extent);
            } catch (RuntimeException e) {
                refusal = e.getMessage();
            }
            if (image != null) {
                RepairFrames.writeImage(out, image, blockSizeBytes);
                outcome = "served extent " + extent + " (flush " + image.flushNumber() + ", generation "
                        + image.generation() + ")";
            } else {
                RepairFrames.writeError(out, name + ": extent " + extent + ": " + refusal);
                outcome = "refused extent " + extent + ": " + refusal;
            }
        } catch (SocketTimeoutException e) {
            outcome = "no whole request within " + requestTimeoutMs + " ms";
        } catch (RepairFrames.FramingException e) {
            outcome = "bad frame: " + e.getMessage();
        } catch (IOException e) {
            outcome = closed ? "repair server closing" : "connection failed: " + e.getMessage();
        }
        closeConnection(socket, outcome);
    }

    private void closeConnection(Socket socket, String outcome) {
        if (connections.remove(socket)) {
            closeQuietly(socket);
            log.accept(name + " repair server: closed " + socket.getRemoteSocketAddress() + ": " + outcome);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing is all that was left to do with it.
        }
    }

    /** Stops accepting and closes every connection, ending what each was serving; idempotent. */
    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            // A listener that will not close has nothing left to accept for us either.
        }
        for (Socket socket : connections) {
            closeConnection(socket, "repair server closing");
        }
    }

    @Override
    public String toString() {
        return "RepairServer[" + name + " on " + address + (closed ? ", closed" : "") + "]";
    }
}
