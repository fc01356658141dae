package dev.cruciblesim.downstairs.server;

import dev.cruciblesim.sim.protocol.ExtentVersions;
import dev.cruciblesim.sim.protocol.ExtentVersionsPlease;
import dev.cruciblesim.sim.protocol.HereIAm;
import dev.cruciblesim.sim.protocol.Message;
import dev.cruciblesim.sim.protocol.PromoteToActive;
import dev.cruciblesim.sim.protocol.ProtocolVersion;
import dev.cruciblesim.sim.protocol.RegionInfo;
import dev.cruciblesim.sim.protocol.RegionInfoPlease;
import dev.cruciblesim.sim.protocol.YesItsMe;
import dev.cruciblesim.sim.protocol.YouAreNowActive;
import dev.cruciblesim.sim.protocol.wire.FrameReader;
import dev.cruciblesim.sim.protocol.wire.MessageDecoder;
import dev.cruciblesim.sim.protocol.wire.MessageEncoder;
import dev.cruciblesim.sim.protocol.wire.WireFormatException;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * An upstairs as far as a test needs one: a blocking {@link SocketChannel} and the wire codec, one thread at a time.
 * Reads block without a timeout, so every test that uses it runs under {@code assertTimeoutPreemptively}.
 */
final class WireTestClient implements AutoCloseable {
    private final SocketChannel channel;
    private final MessageEncoder encoder = new MessageEncoder();
    private final MessageDecoder decoder = new MessageDecoder();
    private final FrameReader frames = new FrameReader();
    /** Kept in read mode between calls: what is left of the last socket read. */
    private final ByteBuffer in = ByteBuffer.allocate(64 * 1024).flip();
    private ByteBuffer out = ByteBuffer.allocate(8 * 1024);

    private WireTestClient(SocketChannel channel) {
        this.channel = channel;
    }

    static WireTestClient connect(InetSocketAddress address) throws IOException {
        SocketChannel channel = SocketChannel.open(address);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        return new WireTestClient(channel);
    }

    /** Sends each message's frame, all in one socket write. */
    void send(Message... messages) throws IOException {
        out.clear();
        for (Message message : messages) {
            out = encoder.encode(message, out);
        }
        out.flip();
        writeAll(out);
    }

    void sendRaw(byte[] bytes) throws IOException {
        writeAll(ByteBuffer.wrap(bytes));
    }

    /** Half-closes: the server sees the end of its input, and this client can still read what it answers. */
    void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    /** @return the next message, or null at the end of the stream */
    Message receive() throws IOException, WireFormatException {
        while (true) {
            ByteBuffer frame = frames.nextFrame(in);
            if (frame != null) {
                return decoder.decode(frame);
            }
            in.clear();
            int readBytes = channel.read(in);
            in.flip();
            if (readBytes < 0) {
                return null;
            }
        }
    }

    <T extends Message> T receive(Class<T> type) throws IOException, WireFormatException {
        Message message = receive();
        assertNotNull(message, "the server closed the connection instead of sending a " + type.getSimpleName());
        return assertInstanceOf(type, message);
    }

    /**
     * Reads until the server ends the connection, discarding what comes first.
     *
     * @return true at the end of the stream or a reset (a server that closes with input unread sends a reset);
     *         false if a frame could not be decoded
     */
    boolean awaitClosedByServer() {
        try {
            while (receive() != null) {
                // Replies to whatever was sent before; only the end matters here.
            }
            return true;
        } catch (IOException e) {
            return true;
        } catch (WireFormatException e) {
            return false;
        }
    }

    /** HereIAm, PromoteToActive, RegionInfoPlease, ExtentVersionsPlease, each answered as O does (§7.4). */
    RegionInfo handshake(long upstairsId) throws IOException, WireFormatException {
        send(new HereIAm(ProtocolVersion.CURRENT, upstairsId));
        assertEquals(ProtocolVersion.CURRENT, receive(YesItsMe.class).version());
        send(new PromoteToActive(upstairsId));
        assertEquals(new YouAreNowActive(upstairsId), receive());
        send(new RegionInfoPlease());
        RegionInfo info = receive(RegionInfo.class);
        send(new ExtentVersionsPlease());
        assertEquals(info.region().extentCount(), receive(ExtentVersions.class).extentCount());
        return info;
    }

    /** @return this end's address as the server's log names the peer, e.g. {@code 127.0.0.1:54321} */
    String localPeer() throws IOException {
        return PeerConnection.describe(channel.getLocalAddress());
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private void writeAll(ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }
}
