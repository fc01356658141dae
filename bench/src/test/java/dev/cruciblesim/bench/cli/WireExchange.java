package dev.cruciblesim.bench.cli;

import dev.cruciblesim.sim.protocol.ExtentVersions;
import dev.cruciblesim.sim.protocol.ExtentVersionsPlease;
import dev.cruciblesim.sim.protocol.HereIAm;
import dev.cruciblesim.sim.protocol.Message;
import dev.cruciblesim.sim.protocol.PromoteToActive;
import dev.cruciblesim.sim.protocol.ProtocolVersion;
import dev.cruciblesim.sim.protocol.RegionDefinition;
import dev.cruciblesim.sim.protocol.RegionInfo;
import dev.cruciblesim.sim.protocol.RegionInfoPlease;
import dev.cruciblesim.sim.protocol.YesItsMe;
import dev.cruciblesim.sim.protocol.YouAreNowActive;
import dev.cruciblesim.sim.protocol.wire.MessageDecoder;
import dev.cruciblesim.sim.protocol.wire.MessageEncoder;
import dev.cruciblesim.sim.protocol.wire.MessageLayout;
import dev.cruciblesim.sim.protocol.wire.WireFormatException;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * An upstairs as far as a CLI test needs one, over a plain socket's streams: a frame is its length prefix, then that
 * many bytes less four. Reads block without a timeout, so the tests that use it bound themselves.
 */
final class WireExchange implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final MessageEncoder encoder = new MessageEncoder();
    private final MessageDecoder decoder = new MessageDecoder();
    /** Reused for every frame sent; the encoder returns a larger copy when a frame does not fit. */
    private ByteBuffer frame = ByteBuffer.allocate(4096);

    private WireExchange(Socket socket) throws IOException {
        this.socket = socket;
        socket.setTcpNoDelay(true);
        in = new DataInputStream(socket.getInputStream());
        out = new BufferedOutputStream(socket.getOutputStream());
    }

    /** Connects to a downstairs on this host's loopback. */
    static WireExchange connect(int port) throws IOException {
        return new WireExchange(new Socket(InetAddress.getLoopbackAddress(), port));
    }

    /** Sends {@code request} and @return the next message received, which need not be its reply */
    Message call(Message request) throws IOException, WireFormatException {
        send(request);
        return receive();
    }

    /** @return this end's address as the server's log names a peer: {@code 127.0.0.1:port} */
    String localAddress() {
        return socket.getLocalAddress().getHostAddress() + ":" + socket.getLocalPort();
    }

    /** Writes {@code message}'s frame to the socket at once. */
    void send(Message message) throws IOException {
        frame = encoder.encode(message, frame.clear());
        out.write(frame.array(), 0, frame.position());
        out.flush();
    }

    /** @throws java.io.EOFException when the peer closes the connection */
    Message receive() throws IOException, WireFormatException {
        byte[] prefix = new byte[MessageLayout.LENGTH_PREFIX_BYTES];
        in.readFully(prefix);
        int lengthBytes = ByteBuffer.wrap(prefix).order(ByteOrder.LITTLE_ENDIAN).getInt();
        byte[] received = Arrays.copyOf(prefix, lengthBytes);
        in.readFully(received, prefix.length, lengthBytes - prefix.length);
        return decoder.decode(ByteBuffer.wrap(received));
    }

    /**
     * O's handshake (§7.4) as upstairs {@code upstairsId}, each step's reply checked.
     *
     * @return the extent versions the downstairs gave, after a region info equal to {@code expected}
     */
    ExtentVersions handshake(long upstairsId, RegionDefinition expected) throws IOException, WireFormatException {
        return handshake(upstairsId, HereIAm.ANY_REGION, expected);
    }

    /** As {@link #handshake(long, RegionDefinition)}, asking for region {@code regionUuid} (nil: any). */
    ExtentVersions handshake(long upstairsId, UUID regionUuid, RegionDefinition expected)
            throws IOException, WireFormatException {
        assertEquals(ProtocolVersion.CURRENT, assertInstanceOf(YesItsMe.class,
                call(new HereIAm(ProtocolVersion.CURRENT, upstairsId, regionUuid))).version());
        assertEquals(new YouAreNowActive(upstairsId), call(new PromoteToActive(upstairsId)));
        RegionInfo info = assertInstanceOf(RegionInfo.class, call(new RegionInfoPlease()));
        assertEquals(expected, info.region());
        if (!HereIAm.ANY_REGION.equals(regionUuid)) {
            assertEquals(regionUuid, info.regionUuid());
        }
        ExtentVersions versions = assertInstanceOf(ExtentVersions.class, call(new ExtentVersionsPlease()));
        assertEquals(expected.extentCount(), versions.extentCount());
        return versions;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
