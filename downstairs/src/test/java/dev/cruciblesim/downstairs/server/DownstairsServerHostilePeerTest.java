package dev.cruciblesim.downstairs.server;

import dev.cruciblesim.downstairs.DownstairsConfig;
import dev.cruciblesim.downstairs.ServiceTimeModel;
import dev.cruciblesim.downstairs.region.Region;
import dev.cruciblesim.sim.protocol.DependencyRange;
import dev.cruciblesim.sim.protocol.ExtentRepair;
import dev.cruciblesim.sim.protocol.ExtentVersionsPlease;
import dev.cruciblesim.sim.protocol.FlushAck;
import dev.cruciblesim.sim.protocol.FlushRequest;
import dev.cruciblesim.sim.protocol.HereIAm;
import dev.cruciblesim.sim.protocol.Imok;
import dev.cruciblesim.sim.protocol.LastFlush;
import dev.cruciblesim.sim.protocol.Message;
import dev.cruciblesim.sim.protocol.PromoteToActive;
import dev.cruciblesim.sim.protocol.ProtocolVersion;
import dev.cruciblesim.sim.protocol.ReadRequest;
import dev.cruciblesim.sim.protocol.ReadResponse;
import dev.cruciblesim.sim.protocol.RegionInfoPlease;
import dev.cruciblesim.sim.protocol.Ruok;
import dev.cruciblesim.sim.protocol.WriteAck;
import dev.cruciblesim.sim.protocol.WriteRequest;
import dev.cruciblesim.sim.protocol.wire.MessageDecoder;
import dev.cruciblesim.sim.protocol.wire.MessageEncoder;
import dev.cruciblesim.sim.protocol.wire.MessageLayout;
import dev.cruciblesim.sim.protocol.wire.WireFormatException;
import dev.cruciblesim.tracing.probe.ProbeRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static dev.cruciblesim.downstairs.server.DownstairsServerTest.BLOCK_BYTES;
import static dev.cruciblesim.downstairs.server.DownstairsServerTest.LOOPBACK_EPHEMERAL;
import static dev.cruciblesim.downstairs.server.DownstairsServerTest.REGION;
import static dev.cruciblesim.downstairs.server.DownstairsServerTest.blocks;
import static dev.cruciblesim.downstairs.server.DownstairsServerTest.bounded;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Peers that break the protocol: each loses its own connection, with one log line naming it and the reason, while a
 * well-behaved upstairs connected all along keeps being served. Then a seeded fuzz over fresh connections.
 */
class DownstairsServerHostilePeerTest {
    /** An id no fuzzed frame is built from, so the good upstairs' promote is a takeover with fresh job ids. */
    private static final long GOOD_UPSTAIRS_ID = 0x600D_0000_0000_0001L;
    private static final long FUZZ_SEED = 12;
    /**
     * One mutated frame per connection, among unmutated ones, so most mutations reach a server still in step: 100,000
     * frames in all (issue 12 asks for that many at a live server), of which the server reads those up to and
     * including the mutated one, and all of a connection whose mutation still decodes.
     */
    private static final int FUZZ_CONNECTIONS = 2000;
    private static final int FUZZ_FRAMES_PER_CONNECTION = 50;

    private final RecordingLog log = new RecordingLog();
    private DownstairsServer server;
    private WireTestClient good;
    private long nextGoodJobId = 1000;

    @BeforeEach
    void startServerAndAGoodUpstairs() throws Exception {
        server = DownstairsServer.start(DownstairsConfig.of(5, REGION), Region.sparseInMemory(REGION),
                new ProbeRegistry(), ServiceTimeModel.ZERO, LOOPBACK_EPHEMERAL, log);
        good = WireTestClient.connect(server.address());
        good.handshake(GOOD_UPSTAIRS_ID);
    }

    @AfterEach
    void tearDown() throws IOException {
        if (good != null) {
            good.close();
        }
        server.close();
    }

    static Stream<Arguments> hostilePeers() {
        byte[] write = frame(new WriteRequest(77, DependencyRange.NONE, 0, new byte[BLOCK_BYTES]));
        byte[] overclaimingWrite = write.clone();
        // The data's length field (after length, tag, job id, deps and offset) says more than the frame holds.
        int dataLengthOffset = MessageLayout.MIN_FRAME_BYTES + Long.BYTES + 2 * Long.BYTES + Long.BYTES;
        ByteBuffer.wrap(overclaimingWrite).order(ByteOrder.LITTLE_ENDIAN).putInt(dataLengthOffset, 1 << 20);
        byte[] versionOverInt = frame(new HereIAm(ProtocolVersion.CURRENT, 5));
        ByteBuffer.wrap(versionOverInt).order(ByteOrder.LITTLE_ENDIAN).putInt(MessageLayout.MIN_FRAME_BYTES, -1);
        return Stream.of(
                Arguments.of("garbage", "GET / HTTP/1.1\r\nHost: downstairs\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                        false, "bad frame: length over limit"),
                Arguments.of("zeros", new byte[16], false, "bad frame: length under minimum"),
                Arguments.of("unknown tag", le(MessageLayout.MIN_FRAME_BYTES, 999), false,
                        "bad frame: unknown tag at frame offset 4: no message has tag 999"),
                Arguments.of("length over limit", le(MessageLayout.MAX_FRAME_BYTES + 1), false,
                        "bad frame: length over limit"),
                Arguments.of("field claims more than the frame", overclaimingWrite, false,
                        "bad frame: " + decodeFailure(overclaimingWrite)),
                Arguments.of("value out of range", versionOverInt, false, "bad frame: " + decodeFailure(versionOverInt)),
                Arguments.of("hang-up mid-frame", Arrays.copyOf(write, 20), true,
                        "peer hung up mid-frame, 20 bytes into it"),
                Arguments.of("hang-up mid-length", new byte[] {100, 0}, true, "peer hung up mid-frame, 2 bytes into it"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostilePeers")
    void shouldCloseOnlyTheHostileConnectionWithOneLineNamingIt(String kind, byte[] bytes, boolean hangUp,
            String expectedReason) {
        bounded(() -> {
            String peer;
            try (WireTestClient hostile = WireTestClient.connect(server.address())) {
                peer = hostile.localPeer();
                hostile.sendRaw(bytes);
                if (hangUp) {
                    hostile.shutdownOutput();
                }
                assertTrue(hostile.awaitClosedByServer(), kind);
            }
            String closed = "connection from " + peer + " closed: ";
            String line = log.awaitLineContaining(closed);
            assertTrue(line.contains(closed + expectedReason), () -> kind + ": " + line);
            assertEquals(1, log.linesContaining(closed).size(), () -> "one line per connection: " + log.lines());
            assertGoodUpstairsIsServed();
            assertTrue(server.isRunning());
        });
    }

    @Test
    void shouldLogAResetMidFrameAsAFailedRead() {
        bounded(() -> {
            String peer;
            try (SocketChannel hostile = SocketChannel.open(server.address())) {
                peer = PeerConnection.describe(hostile.getLocalAddress());
                hostile.write(ByteBuffer.wrap(new byte[] {64, 0, 0}));
                hostile.setOption(StandardSocketOptions.SO_LINGER, 0); // close() sends a reset, not a FIN
            }
            String line = log.awaitLineContaining("connection from " + peer + " closed: ");
            assertTrue(line.contains("closed: read failed") || line.contains("closed: peer hung up mid-frame"), line);
            assertGoodUpstairsIsServed();
        });
    }

    /**
     * {@value #FUZZ_CONNECTIONS} fresh connections, each sending {@value #FUZZ_FRAMES_PER_CONNECTION} frames made by
     * the encoder, one of them mutated (seed {@value #FUZZ_SEED}), then hanging up and reading whatever comes until
     * the server closes. Meanwhile another connection pings without pause; afterwards the server is healthy and a new
     * upstairs gets the whole handshake and IO.
     */
    @Test
    void shouldSurviveSeededMutatedFramesOverFreshConnections() {
        bounded(() -> {
            InetSocketAddress address = server.address();
            AtomicBoolean fuzzing = new AtomicBoolean(true);
            CompletableFuture<Integer> pings = CompletableFuture.supplyAsync(() -> pingWhile(address, fuzzing));
            Random random = new Random(FUZZ_SEED);
            List<byte[]> seeds = fuzzSeeds();
            int refusedByServer = 0;
            try {
                for (int connection = 0; connection < FUZZ_CONNECTIONS; connection++) {
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    int mutatedFrame = random.nextInt(FUZZ_FRAMES_PER_CONNECTION);
                    for (int i = 0; i < FUZZ_FRAMES_PER_CONNECTION; i++) {
                        byte[] seed = seeds.get(random.nextInt(seeds.size()));
                        bytes.writeBytes(i == mutatedFrame ? mutate(seed, random) : seed);
                    }
                    try (WireTestClient fuzzer = WireTestClient.connect(address)) {
                        try {
                            fuzzer.sendRaw(bytes.toByteArray());
                            fuzzer.shutdownOutput();
                        } catch (IOException e) {
                            refusedByServer++; // closed by the server before it had all: a reset
                        }
                        assertTrue(fuzzer.awaitClosedByServer(), "connection " + connection + " got a bad frame back");
                    }
                }
            } finally {
                fuzzing.set(false);
            }
            assertTrue(pings.get(30, TimeUnit.SECONDS) > 0, "the pinging connection was answered all along");
            assertTrue(server.isRunning(), () -> "failure: " + server.failure());
            assertNull(server.failure());
            assertTrue(refusedByServer < FUZZ_CONNECTIONS, "most connections took all their bytes");
            assertFalse(log.linesContaining("closed: bad frame").isEmpty(), "some mutations broke the framing");
            assertFalse(log.linesContaining("closed: peer hung up mid-frame").isEmpty(), "some left a frame waiting");
            assertFalse(log.linesContaining("closed: peer hung up").stream().allMatch(line -> line.contains("mid-frame")),
                    "some were accepted, and the connection ended cleanly");

            good.close();
            good = WireTestClient.connect(address);
            good.handshake(GOOD_UPSTAIRS_ID + 1);
            nextGoodJobId = 1000;
            assertGoodUpstairsIsServed();
        });
    }

    /** A write, its read-back and a flush on the good connection, answered correctly. */
    private void assertGoodUpstairsIsServed() throws IOException, WireFormatException {
        long writeId = nextGoodJobId++;
        long readId = nextGoodJobId++;
        long flushId = nextGoodJobId++;
        byte[] data = blocks(2, (int) writeId);
        good.send(new WriteRequest(writeId, DependencyRange.NONE, 10, data),
                new ReadRequest(readId, DependencyRange.of(writeId, writeId), 10, 2),
                new FlushRequest(flushId, DependencyRange.of(writeId, readId), flushId, 1));
        assertEquals(new WriteAck(writeId, null), good.receive());
        ReadResponse read = good.receive(ReadResponse.class);
        assertEquals(readId, read.jobId());
        assertArrayEquals(data, read.data());
        assertEquals(new FlushAck(flushId, null), good.receive());
    }

    private static int pingWhile(InetSocketAddress address, AtomicBoolean fuzzing) {
        int answered = 0;
        try (WireTestClient pinger = WireTestClient.connect(address)) {
            while (fuzzing.get()) {
                pinger.send(new Ruok());
                assertEquals(new Imok(), pinger.receive());
                answered++;
            }
        } catch (IOException | WireFormatException e) {
            throw new AssertionError("the pinging connection failed after " + answered + " pings", e);
        }
        return answered;
    }

    /** Frames the encoder makes of every kind of message an upstairs sends, and one it should not. */
    private static List<byte[]> fuzzSeeds() {
        return Stream.of(new HereIAm(ProtocolVersion.CURRENT, 7), new PromoteToActive(7), new RegionInfoPlease(),
                new ExtentVersionsPlease(), new Ruok(), new LastFlush(1000),
                new WriteRequest(1000, DependencyRange.NONE, 3, blocks(2, 1)),
                new ReadRequest(1001, DependencyRange.of(1000, 1000), 3, 2),
                new FlushRequest(1002, DependencyRange.of(1000, 1001), 1, 1),
                new ExtentRepair(1, 2, 0, new InetSocketAddress(InetAddress.getLoopbackAddress(), 4000), new int[] {1, 2}),
                new WriteAck(5, "not the downstairs' to receive"))
                .map(DownstairsServerHostilePeerTest::frame).toList();
    }

    /** One random change of the kinds that matter to a framing decoder. */
    private static byte[] mutate(byte[] frame, Random random) {
        byte[] mutated = frame.clone();
        ByteBuffer fields = ByteBuffer.wrap(mutated).order(ByteOrder.LITTLE_ENDIAN);
        switch (random.nextInt(7)) {
            case 0 -> mutated[random.nextInt(mutated.length)] ^= (byte) (1 << random.nextInt(8));
            case 1 -> mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
            case 2 -> mutated = Arrays.copyOf(mutated, random.nextInt(mutated.length));
            case 3 -> fields.putInt(0, pick(random, 0, MessageLayout.MIN_FRAME_BYTES - 1, mutated.length - 1,
                    mutated.length + 1, random.nextInt(2 * mutated.length + 1), MessageLayout.MAX_FRAME_BYTES + 1,
                    random.nextInt()));
            case 4 -> fields.putInt(MessageLayout.LENGTH_PREFIX_BYTES, random.nextBoolean() ? random.nextInt(64)
                    : random.nextInt());
            case 5 -> {
                byte[] inserted = new byte[1 + random.nextInt(8)];
                random.nextBytes(inserted);
                int at = random.nextInt(mutated.length + 1);
                byte[] longer = new byte[mutated.length + inserted.length];
                System.arraycopy(mutated, 0, longer, 0, at);
                System.arraycopy(inserted, 0, longer, at, inserted.length);
                System.arraycopy(mutated, at, longer, at + inserted.length, mutated.length - at);
                mutated = longer;
            }
            default -> {
                // An extreme value over a field-sized run past the tag: a count, an id, a length.
                int at = MessageLayout.MIN_FRAME_BYTES + random.nextInt(Math.max(1, mutated.length
                        - MessageLayout.MIN_FRAME_BYTES - Long.BYTES + 1));
                if (at + Long.BYTES <= mutated.length) {
                    fields.putLong(at, pick(random, 0, -1, Long.MAX_VALUE, Integer.MAX_VALUE, 1L << 32));
                }
            }
        }
        return mutated;
    }

    private static int pick(Random random, int... choices) {
        return choices[random.nextInt(choices.length)];
    }

    private static long pick(Random random, long... choices) {
        return choices[random.nextInt(choices.length)];
    }

    private static byte[] frame(Message message) {
        ByteBuffer out = new MessageEncoder().encode(message, ByteBuffer.allocate(256));
        out.flip();
        byte[] bytes = new byte[out.remaining()];
        out.get(bytes);
        return bytes;
    }

    /** Little-endian u32s. */
    private static byte[] le(int... values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int value : values) {
            bytes.putInt(value);
        }
        return bytes.array();
    }

    /** What the codec itself says of {@code frame}: the server's log line must say the same. */
    private static String decodeFailure(byte[] frame) {
        try {
            new MessageDecoder().decode(ByteBuffer.wrap(frame));
        } catch (WireFormatException e) {
            return e.getMessage();
        }
        throw new AssertionError("the frame decodes: " + Arrays.toString(frame));
    }
}
