package dev.cruciblesim.sim.transport.tcp;

import dev.cruciblesim.sim.protocol.Imok;
import dev.cruciblesim.sim.protocol.Message;
import dev.cruciblesim.sim.protocol.Ruok;
import dev.cruciblesim.sim.protocol.wire.FrameReader;
import dev.cruciblesim.sim.protocol.wire.MessageDecoder;
import dev.cruciblesim.sim.protocol.wire.MessageEncoder;
import dev.cruciblesim.sim.protocol.wire.WireFormatException;
import dev.cruciblesim.sim.transport.MessageSink;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One upstairs client's connection to a downstairs server: both directions of the link, over one
 * TCP socket framed by the wire codec ({@link dev.cruciblesim.sim.protocol.wire}), optionally inside TLS
 * ({@link TlsSettings}: TLS 1.3, both ends authenticated, handshaken before {@link #connect} returns).
 *
 * <pre>
 *  upstairs core thread ──{@link #send}──▶ encode into a reused buffer ──▶ socket write (blocking, whole frame)
 *  receiver thread: socket read ──▶ {@link FrameReader} ──▶ decode ──▶ replies.send (the upstairs' inbox)
 *  pinger (the receiver's read timeout): Ruok after {@link #pingIntervalMs} of silence; lost after {@link #giveUpMs}
 * </pre>
 *
 * <p>Why the sender is the caller's thread and not a thread of its own: a write of a small frame into the
 * socket's buffer costs one system call, which a hand-off to a sender thread would not save and would add a
 * thread wake-up to. The socket write blocks only when the kernel's buffer is full, which is the link's
 * back-pressure. The one lock, around the encoder and the write, is taken by the core thread for every message
 * and by the receiver only to ping an idle link, so it is uncontended on the IO path.
 *
 * <p>A blocking {@link Socket} and its streams rather than a {@code SocketChannel}: the JDK's TLS is an
 * {@code SSLSocket} over streams, and one code path serves both. Reads go into one reused array, writes go out
 * from the encoder's reused heap buffer's array, so neither allocates per message.
 *
 * <p>A link ends once: on {@link #close}, or when the connection is lost (the peer hangs up, a read or write
 * fails, a frame does not decode, TLS fails, or nothing is heard for {@link #giveUpMs}). A lost link calls its
 * {@code onLost} callback once, with a line naming the peer and the reason, and drops whatever is sent after it.
 * Reconnecting is the caller's business.
 */
public final class TcpDownstairsLink implements MessageSink<Message.ToDownstairs>, AutoCloseable {
    /** Crucible O's IO-loop keepalive: a ping after 10 s of silence, given up after 50 s ({@code UL@O:1282}). */
    public static final long DEFAULT_PING_INTERVAL_MS = 10_000;
    public static final long DEFAULT_GIVE_UP_MS = 50_000;
    /** Crucible's connect timeout ({@code UL@O:557}). */
    public static final int DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
    private static final int READ_BUFFER_BYTES = 256 * 1024;
    private static final int INITIAL_WRITE_BUFFER_BYTES = 64 * 1024;
    /** Queued frames past this many bytes are written at once: a few 4 KiB writes' worth, not a whole batch. */
    static final int FLUSH_THRESHOLD_BYTES = 32 * 1024;

    private final String name;
    private final InetSocketAddress peer;
    /** The TCP socket: options, timeouts and closing are done on it, under TLS too. */
    private final Socket socket;
    /** The bytes of the wire protocol: the socket's own streams, or TLS's over them. */
    private final InputStream input;
    private final OutputStream output;
    /** How the link is secured, or null for plain TCP. */
    private final TlsSettings tls;
    private final MessageSink<Message.ToUpstairs> replies;
    private final Consumer<String> onLost;
    private final long pingIntervalMs;
    private final long giveUpMs;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final MessageEncoder encoder = new MessageEncoder();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final Thread receiver;
    /** Heap, not direct: a stream writes from an array. */
    private ByteBuffer writeBuffer = ByteBuffer.allocate(INITIAL_WRITE_BUFFER_BYTES);
    /** Set once by {@link #batchWrites()}, before the sends it affects, on the sending thread. */
    private volatile boolean batchWrites;
    private volatile long droppedMessageCount;
    /**
     * Why a write failed, once one has; reported by the receiver (see {@link #send}). Set under the write lock.
     */
    private volatile String writeFailure;

    private TcpDownstairsLink(String name, InetSocketAddress peer, Socket socket, Socket secured, TlsSettings tls,
            MessageSink<Message.ToUpstairs> replies, Consumer<String> onLost, long pingIntervalMs, long giveUpMs)
            throws IOException {
        this.name = name;
        this.peer = peer;
        this.socket = socket;
        this.input = secured.getInputStream();
        this.output = secured.getOutputStream();
        this.tls = tls;
        this.replies = replies;
        this.onLost = onLost;
        this.pingIntervalMs = pingIntervalMs;
        this.giveUpMs = giveUpMs;
        this.receiver = new Thread(this::receive, name + "-receiver");
        receiver.setDaemon(true);
    }

    /**
     * Connects over plain TCP, with Crucible's timeouts, and starts the receiver.
     *
     * @param name    names the link in thread names and messages, e.g. "downstairs client 1"
     * @param replies where every message from the downstairs goes, on the receiver thread (keepalive answers excepted)
     * @param onLost  called once, on the receiver thread, when the connection is lost
     * @throws IOException when the connection cannot be made; the message names the peer
     */
    public static TcpDownstairsLink connect(String name, InetSocketAddress peer, MessageSink<Message.ToUpstairs> replies,
            Consumer<String> onLost) throws IOException {
        return connect(name, peer, replies, onLost, null);
    }

    /**
     * As above, over TLS when {@code tls} is given (null: plain TCP). A handshake that fails fails the connect, with
     * a message naming the peer and why; a server that refuses this side's certificate after the handshake (TLS 1.3
     * lets the client finish first) is a lost link, with the same kind of message, at the first exchange.
     */
    public static TcpDownstairsLink connect(String name, InetSocketAddress peer, MessageSink<Message.ToUpstairs> replies,
            Consumer<String> onLost, TlsSettings tls) throws IOException {
        return connect(name, peer, replies, onLost, DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_PING_INTERVAL_MS,
                DEFAULT_GIVE_UP_MS, tls);
    }

    /** Plain TCP, with the timeouts given (tests make them short). */
    public static TcpDownstairsLink connect(String name, InetSocketAddress peer, MessageSink<Message.ToUpstairs> replies,
            Consumer<String> onLost, int connectTimeoutMs, long pingIntervalMs, long giveUpMs) throws IOException {
        return connect(name, peer, replies, onLost, connectTimeoutMs, pingIntervalMs, giveUpMs, null);
    }

    /** With the timeouts given, over TLS when {@code tls} is given; the handshake is bounded by the connect timeout. */
    public static TcpDownstairsLink connect(String name, InetSocketAddress peer, MessageSink<Message.ToUpstairs> replies,
            Consumer<String> onLost, int connectTimeoutMs, long pingIntervalMs, long giveUpMs, TlsSettings tls)
            throws IOException {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(replies, "replies");
        Objects.requireNonNull(onLost, "onLost");
        if (pingIntervalMs < 1 || giveUpMs < pingIntervalMs) {
            throw new IllegalArgumentException("the ping interval must be at least 1 ms and at most the give-up time, "
                    + "got " + pingIntervalMs + " ms and " + giveUpMs + " ms");
        }
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(peer, connectTimeoutMs);
        } catch (IOException e) {
            socket.close();
            throw new IOException(name + ": cannot connect to the downstairs at " + show(peer) + ": " + e.getMessage(),
                    e);
        }
        Socket secured = socket;
        if (tls != null) {
            try {
                // The handshake's reads wait no longer than a connect may.
                socket.setSoTimeout(connectTimeoutMs);
                secured = tls.handshakeAsClient(socket, peer);
            } catch (SocketTimeoutException e) {
                socket.close();
                // A downstairs without TLS takes the ClientHello for the start of a frame and waits for the rest.
                throw new IOException(name + ": TLS with the downstairs at " + show(peer) + " failed: no handshake "
                        + "answer within " + connectTimeoutMs + " ms (does it serve TLS?)", e);
            } catch (IOException e) {
                socket.close();
                throw new IOException(name + ": TLS with the downstairs at " + show(peer) + " failed: "
                        + tls.whyFailed(e, "the downstairs"), e);
            }
        }
        try {
            // The receiver's read timeout is the pinger's clock.
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, pingIntervalMs));
            TcpDownstairsLink link = new TcpDownstairsLink(name, peer, socket, secured, tls, replies, onLost,
                    pingIntervalMs, giveUpMs);
            link.receiver.start();
            return link;
        } catch (IOException e) {
            socket.close();
            throw new IOException(name + ": cannot connect to the downstairs at " + show(peer) + ": " + e.getMessage(),
                    e);
        }
    }

    /**
     * Encodes and writes one message; after the link ended or a write failed, drops it (counted). One caller thread
     * at a time.
     *
     * <p>A failed write does not end the link itself: the connection is broken, so the receiver's read ends at once,
     * and usually with the better reason: what the downstairs said before it hung up (a TLS alert refusing this
     * side's certificate, say) or that it hung up. The receiver's read timeout reports the write's failure if the
     * read does not end first.
     */
    @Override
    public void send(Message.ToDownstairs message) {
        Objects.requireNonNull(message, "message");
        if (ended.get() || writeFailure != null) {
            droppedMessageCount++;
            return;
        }
        writeLock.lock();
        try {
            writeBuffer = encoder.encode(message, writeBuffer);
            if (!batchWrites || writeBuffer.position() >= FLUSH_THRESHOLD_BYTES) {
                writeQueued();
            }
        } catch (IOException e) {
            writeFailure = "write failed: " + reason(e);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * With {@link #batchWrites}, writes what {@link #send} has queued since the last write, in one system call;
     * otherwise there is nothing queued. Called by the sending thread at the end of its batch.
     */
    @Override
    public void endOfBatch() {
        if (!batchWrites || ended.get() || writeFailure != null) {
            return;
        }
        writeLock.lock();
        try {
            writeQueued();
        } catch (IOException e) {
            writeFailure = "write failed: " + reason(e);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * From now on, {@link #send} queues frames and {@link #endOfBatch} writes them, so that a burst of messages from
     * one batch of the caller's work costs one system call rather than one each (queued frames past
     * {@link #FLUSH_THRESHOLD_BYTES} are written at once). The caller must then end every batch of sends with
     * {@link #endOfBatch}, as the upstairs runtime does at the end of each batch of its inbox.
     */
    public void batchWrites() {
        batchWrites = true;
    }

    /** Under the write lock: writes every queued frame; the stream's write blocks until it has taken them all. */
    private void writeQueued() throws IOException {
        try {
            if (writeBuffer.position() > 0) {
                output.write(writeBuffer.array(), writeBuffer.arrayOffset(), writeBuffer.position());
            }
        } finally {
            writeBuffer.clear();
        }
    }

    /**
     * The receiver thread: frames in, messages out. The socket's read timeout wakes it when the link has
     * been quiet for {@link #pingIntervalMs}, to ping or, past {@link #giveUpMs}, to give up.
     */
    private void receive() {
        FrameReader frames = new FrameReader();
        MessageDecoder decoder = new MessageDecoder();
        ByteBuffer in = ByteBuffer.allocate(READ_BUFFER_BYTES);
        long lastHeardNs = System.nanoTime();
        try {
            while (!ended.get()) {
                int read;
                try {
                    // The socket's read timeout, which a stream honours (a channel's read would not), wakes the pinger.
                    read = input.read(in.array(), in.position(), in.remaining());
                } catch (SocketTimeoutException quiet) {
                    String failedWrite = writeFailure;
                    if (failedWrite != null) {
                        lost(failedWrite);
                        return;
                    }
                    long silentMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastHeardNs);
                    if (silentMs >= giveUpMs) {
                        lost("nothing heard for " + silentMs + " ms (keepalive gives up after " + giveUpMs + " ms)");
                        return;
                    }
                    ping();
                    continue;
                }
                if (read < 0) {
                    lost(frames.bufferedBytes() > 0 ? "the downstairs hung up in the middle of a frame"
                            : "the downstairs closed the connection");
                    return;
                }
                lastHeardNs = System.nanoTime();
                in.position(in.position() + read);
                in.flip();
                for (ByteBuffer frame; (frame = frames.nextFrame(in)) != null; ) {
                    Message message = decoder.decode(frame);
                    if (message instanceof Imok) {
                        continue; // a keepalive answer: hearing it was the point
                    }
                    if (!(message instanceof Message.ToUpstairs toUpstairs)) {
                        lost("the downstairs sent " + message.getClass().getSimpleName()
                                + ", a message for a downstairs");
                        return;
                    }
                    replies.send(toUpstairs);
                }
                in.clear();
            }
        } catch (WireFormatException e) {
            lost("bad frame: " + e.getMessage());
        } catch (SSLException e) {
            // A TLS alert (the downstairs refused this side's certificate, say) is its own reason, not a read's.
            if (!ended.get()) {
                lost(reason(e));
            }
        } catch (IOException e) {
            if (!ended.get()) {
                lost("read failed: " + reason(e));
            }
        } catch (RuntimeException e) {
            // The reply sink's failure, or a decoder bug: either way this link can no longer deliver.
            lost("cannot deliver a reply: " + e);
        }
    }

    private void ping() {
        // tryLock: a core thread that is mid-write shows the link is alive anyway; the next quiet spell pings.
        if (!writeLock.tryLock()) {
            return;
        }
        try {
            if (!ended.get()) {
                writeBuffer = encoder.encode(new Ruok(), writeBuffer);
                writeQueued();
            }
        } catch (IOException e) {
            lost("keepalive write failed: " + reason(e));
        } finally {
            writeLock.unlock();
        }
    }

    private void lost(String reason) {
        if (ended.compareAndSet(false, true)) {
            closeChannel();
            onLost.accept(name + ": connection to the downstairs at " + show(peer) + " lost: " + reason);
        }
    }

    /** Closes the connection without calling {@code onLost}, and joins the receiver (at most 1 s). Idempotent. */
    @Override
    public void close() {
        if (ended.compareAndSet(false, true)) {
            closeChannel();
        }
        if (Thread.currentThread() != receiver) {
            try {
                receiver.join(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Closes the TCP socket itself, under TLS too: an {@code SSLSocket}'s close would first take its write lock to
     * send close_notify, and so wait on a write blocked by a peer that does not read. The receiver's blocked read
     * ends with it. The downstairs sees end of stream, which TLS 1.3 peers of the JDK take as the end.
     */
    private void closeChannel() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing is all that is left to do with it.
        }
    }

    public InetSocketAddress peer() {
        return peer;
    }

    /** @return whether the link ended (closed or lost) */
    public boolean isEnded() {
        return ended.get();
    }

    /** @return messages sent after the link ended, which went nowhere */
    public long droppedMessageCount() {
        return droppedMessageCount;
    }

    private String reason(IOException e) {
        if (e instanceof SSLException && tls != null) {
            return "TLS failed: " + tls.whyFailed(e, "the downstairs");
        }
        return e instanceof SocketException && socket.isClosed() ? "the connection is closed"
                : TlsSettings.describe(e);
    }

    static String show(InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }

    @Override
    public String toString() {
        return "TcpDownstairsLink[" + name + " to " + show(peer) + (tls != null ? " over " + TlsSettings.PROTOCOL : "")
                + (ended.get() ? ", ended" : "") + "]";
    }
}
