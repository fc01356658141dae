package dev.cruciblesim.sim.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cruciblesim.sim.protocol.DependencyRange;
import dev.cruciblesim.sim.protocol.HereIAm;
import dev.cruciblesim.sim.protocol.Imok;
import dev.cruciblesim.sim.protocol.Message;
import dev.cruciblesim.sim.protocol.RegionInfoPlease;
import dev.cruciblesim.sim.protocol.Ruok;
import dev.cruciblesim.sim.protocol.WriteRequest;
import dev.cruciblesim.sim.protocol.YesItsMe;
import dev.cruciblesim.sim.protocol.wire.FrameReader;
import dev.cruciblesim.sim.protocol.wire.MessageDecoder;
import dev.cruciblesim.sim.protocol.wire.MessageEncoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The link against a scripted peer on loopback: a real socket, the real codec, no downstairs. */
class TcpDownstairsLinkTest {
    private static final Duration LIMIT = Duration.ofSeconds(30);

    private ServerSocketChannel server;
    private final BlockingQueue<Message.ToUpstairs> replies = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> losses = new LinkedBlockingQueue<>();
    private final List<TcpDownstairsLink> links = new CopyOnWriteArrayList<>();

    @BeforeEach
    void listen() throws IOException {
        server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    @AfterEach
    void closeAll() throws IOException {
        links.forEach(TcpDownstairsLink::close);
        server.close();
    }

    private InetSocketAddress address() throws IOException {
        return (InetSocketAddress) server.getLocalAddress();
    }

    private TcpDownstairsLink connect(long pingIntervalMs, long giveUpMs) throws IOException {
        TcpDownstairsLink link = TcpDownstairsLink.connect("client 0", address(), replies::add, losses::add, 5_000,
                pingIntervalMs, giveUpMs);
        links.add(link);
        return link;
    }

    /** The peer's side: frames in and out with the same codec. */
    private static final class Peer implements AutoCloseable {
        final SocketChannel channel;
        final FrameReader frames = new FrameReader();
        final MessageDecoder decoder = new MessageDecoder();
        final MessageEncoder encoder = new MessageEncoder();
        final ByteBuffer in = ByteBuffer.allocate(1 << 16);

        Peer(SocketChannel channel) {
            this.channel = channel;
        }

        Message read() throws Exception {
            while (true) {
                in.flip();
                ByteBuffer frame = frames.nextFrame(in);
                in.compact();
                if (frame != null) {
                    return decoder.decode(frame);
                }
                if (channel.read(in) < 0) {
                    throw new IOException("the link hung up");
                }
            }
        }

        void write(Message message) throws IOException {
            ByteBuffer out = encoder.encode(message, ByteBuffer.allocate(256));
            out.flip();
            while (out.hasRemaining()) {
                channel.write(out);
            }
        }

        void writeRaw(byte[] bytes) throws IOException {
            ByteBuffer out = ByteBuffer.wrap(bytes);
            while (out.hasRemaining()) {
                channel.write(out);
            }
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    @Test
    void shouldCarryMessagesBothWaysInOrder() {
        assertTimeoutPreemptively(LIMIT, () -> {
            TcpDownstairsLink link = connect(10_000, 50_000);
            try (Peer peer = new Peer(server.accept())) {
                link.send(new HereIAm(1, 42));
                link.send(new RegionInfoPlease());
                assertEquals(new HereIAm(1, 42), peer.read());
                assertInstanceOf(RegionInfoPlease.class, peer.read());
                peer.write(new YesItsMe(1));
                peer.write(new YesItsMe(2));
                assertEquals(new YesItsMe(1), replies.poll(10, TimeUnit.SECONDS));
                assertEquals(new YesItsMe(2), replies.poll(10, TimeUnit.SECONDS));
            }
            assertTrue(losses.poll(10, TimeUnit.SECONDS).endsWith("lost: the downstairs closed the connection"));
        });
    }

    @Test
    void shouldHoldBatchedSendsUntilTheBatchEndsThenWriteThemInOrder() {
        assertTimeoutPreemptively(LIMIT, () -> {
            TcpDownstairsLink link = connect(10_000, 50_000);
            link.batchWrites();
            try (Peer peer = new Peer(server.accept())) {
                link.send(new HereIAm(1, 42));
                link.send(new RegionInfoPlease());
                peer.channel.configureBlocking(false);
                assertEquals(0, peer.channel.read(peer.in), "nothing leaves before the batch ends");
                peer.channel.configureBlocking(true);

                link.endOfBatch();
                assertEquals(new HereIAm(1, 42), peer.read());
                assertInstanceOf(RegionInfoPlease.class, peer.read());
            }
        });
    }

    @Test
    void shouldWriteABatchAtOnceWhenItPassesTheThreshold() {
        assertTimeoutPreemptively(LIMIT, () -> {
            TcpDownstairsLink link = connect(10_000, 50_000);
            link.batchWrites();
            try (Peer peer = new Peer(server.accept())) {
                byte[] data = new byte[TcpDownstairsLink.FLUSH_THRESHOLD_BYTES];
                data[data.length - 1] = 7;
                link.send(new WriteRequest(1000, DependencyRange.NONE, 3, data));
                WriteRequest received = assertInstanceOf(WriteRequest.class, peer.read(), "no endOfBatch needed");
                assertArrayEquals(data, received.data());
            }
        });
    }

    @Test
    void shouldPingAQuietLinkAndKeepItWhileThePeerAnswers() {
        assertTimeoutPreemptively(LIMIT, () -> {
            connect(50, 2_000);
            try (Peer peer = new Peer(server.accept())) {
                for (int ping = 0; ping < 5; ping++) {
                    assertInstanceOf(Ruok.class, peer.read());
                    peer.write(new Imok());
                }
                assertEquals(0, replies.size(), "a keepalive answer is the link's, not the upstairs'");
                assertEquals(0, losses.size());
            }
        });
    }

    @Test
    void shouldGiveUpOnAPeerThatStopsAnswering() {
        assertTimeoutPreemptively(LIMIT, () -> {
            TcpDownstairsLink link = connect(20, 200);
            try (Peer silent = new Peer(server.accept())) {
                String loss = losses.poll(10, TimeUnit.SECONDS);
                assertInstanceOf(Ruok.class, silent.read(), "it asked before giving up");
                assertTrue(loss.startsWith("client 0: connection to the downstairs at "), loss);
                assertTrue(loss.contains("lost: nothing heard for "), loss);
                assertTrue(link.isEnded());
                link.send(new RegionInfoPlease());
                assertEquals(1, link.droppedMessageCount());
            }
        });
    }

    @Test
    void shouldEndOnAFrameThatDoesNotDecodeAndSayWhy() {
        assertTimeoutPreemptively(LIMIT, () -> {
            connect(10_000, 50_000);
            try (Peer peer = new Peer(server.accept())) {
                peer.writeRaw(new byte[] {12, 0, 0, 0, (byte) 0xEE, 0, 0, 0, 0, 0, 0, 0}); // tag 238: none
                String loss = losses.poll(10, TimeUnit.SECONDS);
                assertTrue(loss.contains("lost: bad frame: "), loss);
                assertEquals(null, losses.poll(200, TimeUnit.MILLISECONDS), "lost once");
            }
        });
    }

    @Test
    void shouldSayWhenThePeerHangsUpMidFrame() {
        assertTimeoutPreemptively(LIMIT, () -> {
            connect(10_000, 50_000);
            try (Peer peer = new Peer(server.accept())) {
                peer.writeRaw(new byte[] {20, 0, 0, 0, 2, 0});
            }
            assertTrue(losses.poll(10, TimeUnit.SECONDS).endsWith("hung up in the middle of a frame"));
        });
    }

    @Test
    void shouldNameThePeerItCannotReach() throws IOException {
        InetSocketAddress nobody = address();
        server.close();
        IOException e = assertThrows(IOException.class,
                () -> TcpDownstairsLink.connect("client 2", nobody, replies::add, losses::add));
        assertTrue(e.getMessage().startsWith("client 2: cannot connect to the downstairs at "
                + TcpDownstairsLink.show(nobody) + ": "), e.getMessage());
    }

    @Test
    void shouldCloseWithoutCallingItLost() {
        assertTimeoutPreemptively(LIMIT, () -> {
            TcpDownstairsLink link = connect(10_000, 50_000);
            try (Peer peer = new Peer(server.accept())) {
                link.close();
                assertTrue(link.isEnded());
                assertThrows(IOException.class, peer::read);
                assertEquals(null, losses.poll(200, TimeUnit.MILLISECONDS));
            }
        });
    }
}
