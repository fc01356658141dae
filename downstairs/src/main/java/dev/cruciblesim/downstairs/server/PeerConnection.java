package dev.cruciblesim.downstairs.server;

import dev.cruciblesim.sim.protocol.Message;
import dev.cruciblesim.sim.protocol.wire.FrameReader;
import dev.cruciblesim.sim.protocol.wire.MessageDecoder;
import dev.cruciblesim.sim.protocol.wire.WireFormatException;
import dev.cruciblesim.sim.transport.tcp.TlsSettings;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * One upstairs' TCP connection to the server: its reader thread, and the buffer its replies are written from.
 *
 * <p>Threads: {@link #run()} is the reader thread, the only reader of the socket; it decodes frames and hands each
 * message to the {@link Inbox}. When its input ends, for whatever reason, it records why and hands over an end
 * marker (a null message), so the connection is closed after every message read before it, and any reply to them,
 * has gone through. {@link #queueFrame} and {@link #flushFrames} are called only under the server's core lock, by
 * whichever reader holds it.
 * {@link #close} may be called from any thread; the first call logs the connection's one line and closes the socket,
 * later ones do nothing.
 *
 * <p>A blocking {@link Socket} and its streams, so that TLS ({@code SSLSocket}) and plain TCP share one path. Under
 * TLS the reader thread handshakes before its first read. Ending input and closing act on the TCP socket itself in
 * both modes: an {@code SSLSocket} has no half-close of its input, and its close would wait for its write lock, so for
 * a reader blocked writing to a peer that does not read.
 */
final class PeerConnection implements Runnable {
    /**
     * Bytes per socket read. Large enough that a 1 MiB write arrives in 16 reads, small enough that thousands of
     * short-lived connections (a fuzzing peer) cost little; the frame itself is assembled in the {@link FrameReader}.
     */
    static final int READ_BUFFER_BYTES = 64 * 1024;
    /** The first reply buffer; the encoder replaces it with a larger one when a read reply needs it. */
    static final int INITIAL_WRITE_BUFFER_BYTES = 8 * 1024;
    /**
     * Queued replies past this many bytes are written at once, without waiting for the end of what was read: one
     * write of a few dozen acks instead of one each, and a read reply (which passes it alone) not held back.
     */
    static final int FLUSH_THRESHOLD_BYTES = 32 * 1024;

    /** Where the reader thread hands what it read: the server, which runs the core on it. */
    @FunctionalInterface
    interface Inbox {
        /**
         * @param message    the decoded message, or null for the end of this connection's input
         * @param moreFollow whether another whole message from this connection is already read and follows at once,
         *                   so replies may wait for it and leave in one write
         * @return false when the server no longer takes messages (closed or failed): the reader then stops
         */
        boolean publish(PeerConnection from, Message message, boolean moreFollow);
    }

    /** The TCP socket: options, half-closes and closing are done on it, under TLS too. */
    private final Socket socket;
    /** How the connection is secured, or null for plain TCP. */
    private final TlsSettings tls;
    private final String peer;
    private final String downstairsName;
    private final Inbox inbox;
    private final Consumer<String> log;
    private final Consumer<PeerConnection> onClosed;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Why input ended, first cause wins: the reader's finding, or the server closing. */
    private final AtomicReference<String> inputEndReason = new AtomicReference<>();
    private volatile Thread readerThread;
    /** Set by {@link #secure} before the reader starts, which publishes them to it (the core lock, to the others). */
    private SSLSocket tlsSocket;
    private InputStream input;
    private OutputStream output;
    /**
     * Touched only under the core lock. Allocated at the first reply, so a peer that never gets one costs nothing here.
     * Heap, not direct: a stream writes from an array.
     */
    private ByteBuffer writeBuffer;
    /** Set around each blocking write, for the server's watchdog; {@link #writing} is written after the start. */
    private volatile long writeStartedNs;
    private volatile boolean writing;

    PeerConnection(Socket socket, TlsSettings tls, String downstairsName, Inbox inbox, Consumer<String> log,
            Consumer<PeerConnection> onClosed) {
        this.socket = socket;
        this.tls = tls;
        this.downstairsName = downstairsName;
        this.inbox = inbox;
        this.log = log;
        this.onClosed = onClosed;
        this.peer = describe(socket.getRemoteSocketAddress());
    }

    /**
     * On the accept thread, before {@link #startReading}: opens the streams, TLS's over the socket's when the server
     * has TLS (the handshake itself is the reader's).
     */
    void secure() throws IOException {
        Socket io = socket;
        if (tls != null) {
            tlsSocket = tls.serverSocket(socket);
            io = tlsSocket;
        }
        input = io.getInputStream();
        output = io.getOutputStream();
    }

    /** Starts the reader thread, named after the downstairs and the peer. */
    void startReading() {
        Thread reader = new Thread(this, downstairsName + "-reader-" + peer);
        // Daemon: a test or CLI that forgets close() must not keep the JVM alive.
        reader.setDaemon(true);
        readerThread = reader;
        reader.start();
    }

    /** The reader thread: frames in, messages out, until the input ends; then the end marker. */
    @Override
    public void run() {
        if (tlsSocket != null && !handshake()) {
            inbox.publish(this, null, false);
            return;
        }
        ByteBuffer in = ByteBuffer.allocate(READ_BUFFER_BYTES);
        FrameReader frames = new FrameReader();
        MessageDecoder decoder = new MessageDecoder();
        // Decoded one frame ahead, so that each message is handed over knowing whether another follows it at once.
        Message ready = null;
        try {
            while (true) {
                int readBytes = input.read(in.array(), in.arrayOffset() + in.position(), in.remaining());
                if (readBytes < 0) {
                    int partialBytes = frames.bufferedBytes();
                    noteInputEnd(partialBytes == 0 ? "peer hung up"
                            : "peer hung up mid-frame, " + partialBytes + " bytes into it");
                    break;
                }
                in.position(in.position() + readBytes);
                in.flip();
                for (ByteBuffer frame; (frame = frames.nextFrame(in)) != null; ) {
                    Message next = decoder.decode(frame);
                    if (ready != null && !inbox.publish(this, ready, true)) {
                        return; // the server has stopped: close() or the failure path closes the socket
                    }
                    ready = next;
                }
                in.clear();
                if (ready != null) {
                    Message last = ready;
                    ready = null;
                    if (!inbox.publish(this, last, false)) {
                        return;
                    }
                }
            }
        } catch (WireFormatException e) {
            noteInputEnd("bad frame: " + e.getMessage());
        } catch (IOException e) {
            if (closed.get()) {
                noteInputEnd("closed while reading"); // someone closed the socket; they logged why
            } else if (e instanceof SSLException) {
                noteInputEnd("TLS failed: " + tls.whyFailed(e, "the upstairs"));
            } else {
                noteInputEnd("read failed: " + e.getMessage());
            }
        }
        // The whole frames before a bad one are answered, as if the bad one had not come.
        if (ready != null && !inbox.publish(this, ready, false)) {
            return;
        }
        inbox.publish(this, null, false);
    }

    /**
     * The reader thread, under TLS: the handshake, within {@link TlsSettings#HANDSHAKE_TIMEOUT_MS}.
     *
     * @return whether it succeeded; if not, why is noted as the input's end
     */
    private boolean handshake() {
        try {
            socket.setSoTimeout(TlsSettings.HANDSHAKE_TIMEOUT_MS);
            tlsSocket.startHandshake();
            socket.setSoTimeout(0); // from here on a quiet upstairs is the upstairs' keepalive's business
            return true;
        } catch (SocketTimeoutException e) {
            noteInputEnd("TLS handshake failed: no handshake within " + TlsSettings.HANDSHAKE_TIMEOUT_MS + " ms");
        } catch (IOException e) {
            noteInputEnd(closed.get() ? "closed during the TLS handshake"
                    : "TLS handshake failed: " + tls.whyFailed(e, "the upstairs"));
        }
        return false;
    }

    /**
     * Ends this connection's input as the server closes: the reader sees end of stream, hands over its end marker,
     * and the connection is closed once everything read before has been answered.
     */
    void endInput(String reason) {
        boolean first = noteInputEnd(reason);
        try {
            // Under TLS too: the TLS reader takes the TCP end of stream as the end (a close_notify it never got).
            socket.shutdownInput();
        } catch (IOException e) {
            // When the reader had already found why its input ended, that is the connection's story, not this.
            close(first ? "cannot end input: " + e.getMessage() : inputEndReason());
        }
    }

    /** @return why the input ended, or null while it goes on */
    String inputEndReason() {
        return inputEndReason.get();
    }

    /** Under the core lock: the buffer to encode the next reply into, after those queued; see {@link #queueFrame}. */
    ByteBuffer writeBuffer() {
        if (writeBuffer == null) {
            writeBuffer = ByteBuffer.allocate(INITIAL_WRITE_BUFFER_BYTES);
        }
        return writeBuffer;
    }

    /**
     * Under the core lock: keeps the frames in {@code encoded} (as the encoder returned it, position after the last)
     * to be written by {@link #flushFrames}, or writes them now once they pass {@link #FLUSH_THRESHOLD_BYTES}.
     */
    void queueFrame(ByteBuffer encoded) {
        writeBuffer = encoded;
        if (encoded.position() >= FLUSH_THRESHOLD_BYTES) {
            flushFrames();
        }
    }

    /**
     * Under the core lock: writes every queued frame, blocking until the socket took them all, and keeps the buffer
     * for the next. A failed write closes the connection; a closed connection's frames are dropped.
     */
    void flushFrames() {
        ByteBuffer queued = writeBuffer;
        if (queued == null || queued.position() == 0) {
            return;
        }
        try {
            if (!closed.get()) {
                writeStartedNs = System.nanoTime();
                writing = true;
                output.write(queued.array(), queued.arrayOffset(), queued.position());
            }
        } catch (IOException e) {
            String inputReason = inputEndReason();
            // When the peer's own going is already known, that is the better line than the write's broken pipe.
            close(inputReason != null ? inputReason : "write failed: " + e.getMessage());
        } finally {
            writing = false;
            queued.clear();
        }
    }

    /**
     * Any thread: how long the write under way has been blocked, or -1 when none is. A write blocks only while the
     * peer's socket buffer is full, that is while the peer is not reading.
     */
    long writeBlockedNs(long nowNs) {
        if (!writing) {
            return -1;
        }
        long blockedNs = nowNs - writeStartedNs;
        // Read again: a write that ended and a new one that started between the two reads is not blocked.
        return writing ? blockedNs : -1;
    }

    boolean isClosed() {
        return closed.get();
    }

    /** Closes the socket and logs the connection's one line, the first time only. */
    void close(String reason) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            // FIN after whatever was written (a takeover's YouAreNoLongerActive), before the close itself. Under TLS
            // no close_notify precedes it (see the class comment); the JDK's TLS peer reads the FIN as the end.
            socket.shutdownOutput();
        } catch (IOException e) {
            // Not connected any more: the close below is all there is to do.
        }
        try {
            socket.close();
        } catch (IOException e) {
            // Closing is all that was left to do with this socket; there is nothing to recover.
        }
        log.accept(downstairsName + ": connection from " + peer + " closed: " + reason);
        onClosed.accept(this);
    }

    /** Waits for the reader thread to end, at most {@code timeoutMs}; @return whether it ended */
    boolean joinReader(long timeoutMs) throws InterruptedException {
        Thread reader = readerThread;
        if (reader == null) {
            return true;
        }
        reader.join(Math.max(1, timeoutMs));
        return !reader.isAlive();
    }

    String peer() {
        return peer;
    }

    /** @return the address of this end of the connection (the one the peer reached), or null once closed */
    InetAddress localAddress() {
        return socket.getLocalAddress();
    }

    /** @return whether this was the first reason noted */
    private boolean noteInputEnd(String reason) {
        return inputEndReason.compareAndSet(null, reason);
    }

    /** {@code 127.0.0.1:54321}, without the leading slash and host name of InetSocketAddress.toString(). */
    static String describe(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            String host = inet.getAddress().getHostAddress();
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }

    @Override
    public String toString() {
        return "PeerConnection[" + peer + (isClosed() ? ", closed" : "") + "]";
    }
}
