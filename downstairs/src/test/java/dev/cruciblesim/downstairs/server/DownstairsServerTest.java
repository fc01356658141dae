package dev.cruciblesim.downstairs.server;

import dev.cruciblesim.downstairs.DownstairsConfig;
import dev.cruciblesim.downstairs.ServiceTimeModel;
import dev.cruciblesim.downstairs.region.Region;
import dev.cruciblesim.sim.protocol.DependencyRange;
import dev.cruciblesim.sim.protocol.ErrorReport;
import dev.cruciblesim.sim.protocol.FlushAck;
import dev.cruciblesim.sim.protocol.FlushRequest;
import dev.cruciblesim.sim.protocol.HereIAm;
import dev.cruciblesim.sim.protocol.Imok;
import dev.cruciblesim.sim.protocol.IoOp;
import dev.cruciblesim.sim.protocol.LastFlush;
import dev.cruciblesim.sim.protocol.PromoteToActive;
import dev.cruciblesim.sim.protocol.ProtocolVersion;
import dev.cruciblesim.sim.protocol.ReadRequest;
import dev.cruciblesim.sim.protocol.ReadResponse;
import dev.cruciblesim.sim.protocol.RegionDefinition;
import dev.cruciblesim.sim.protocol.RegionInfo;
import dev.cruciblesim.sim.protocol.Ruok;
import dev.cruciblesim.sim.protocol.UuidMismatch;
import dev.cruciblesim.sim.protocol.WriteAck;
import dev.cruciblesim.sim.protocol.WriteRequest;
import dev.cruciblesim.sim.protocol.YesItsMe;
import dev.cruciblesim.sim.protocol.YouAreNoLongerActive;
import dev.cruciblesim.sim.protocol.YouAreNowActive;
import dev.cruciblesim.tracing.probe.ProbeRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server over real loopback sockets, with {@link WireTestClient} as the upstairs. Nothing sleeps: every wait is
 * a blocking read of a reply the server must send, bounded by {@link #TIMEOUT}.
 */
class DownstairsServerTest {
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final int BLOCK_BYTES = 512;
    static final RegionDefinition REGION = new RegionDefinition(BLOCK_BYTES, 64, 8);
    static final InetSocketAddress LOOPBACK_EPHEMERAL = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private static final long UPSTAIRS_ID = 41;
    private static final long OTHER_UPSTAIRS_ID = 42;

    private final RecordingLog log = new RecordingLog();
    private DownstairsServer server;

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
    }

    private DownstairsServer start(ServiceTimeModel serviceTime) throws IOException {
        server = DownstairsServer.start(DownstairsConfig.of(3, REGION), Region.sparseInMemory(REGION),
                new ProbeRegistry(), serviceTime, LOOPBACK_EPHEMERAL, log);
        return server;
    }

    static void bounded(Executable test) {
        assertTimeoutPreemptively(TIMEOUT, test);
    }

    static byte[] blocks(int blockCount, int seed) {
        byte[] data = new byte[blockCount * BLOCK_BYTES];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (seed * 31 + i);
        }
        return data;
    }

    @Test
    void shouldListenOnAnEphemeralLoopbackPort() throws IOException {
        start(ServiceTimeModel.ZERO);
        assertNotEquals(0, server.address().getPort());
        assertTrue(server.address().getAddress().isLoopbackAddress());
        assertTrue(server.isRunning());
    }

    @Test
    void shouldHandshakeThenWriteReadBackAndFlush() {
        bounded(() -> {
            start(ServiceTimeModel.ZERO);
            try (WireTestClient client = WireTestClient.connect(server.address())) {
                RegionInfo info = client.handshake(UPSTAIRS_ID);
                assertEquals(REGION, info.region());

                byte[] data = blocks(3, 7);
                client.send(new WriteRequest(1000, DependencyRange.NONE, 62, data)); // crosses an extent boundary
                assertEquals(new WriteAck(1000, null), client.receive());
                client.send(new ReadRequest(1001, DependencyRange.of(1000, 1000), 62, 3));
                ReadResponse read = client.receive(ReadResponse.class);
                assertEquals(1001, read.jobId());
                assertNull(read.error());
                assertArrayEquals(data, read.data());
                client.send(new FlushRequest(1002, DependencyRange.of(1000, 1001), 1, 1));
                assertEquals(new FlushAck(1002, null), client.receive());
            }
        });
    }

    @Test
    void shouldSendAQueuedReplyBeforeWaitingOutTheNextJobsServiceTime() {
        bounded(() -> {
            Queue<Long> writesDone = new ConcurrentLinkedQueue<>();
            ProbeRegistry probes = new ProbeRegistry();
            probes.enable("crucible_downstairs*:::os-write-done",
                    (probe, timestampNs, jobId, unused, s0, s1) -> writesDone.add(jobId));
            long slowJobServiceNs = TimeUnit.SECONDS.toNanos(2);
            server = DownstairsServer.start(DownstairsConfig.of(3, REGION), Region.sparseInMemory(REGION), probes,
                    (op, jobId, ioSizeBytes) -> jobId == 1001 ? slowJobServiceNs : 0L, LOOPBACK_EPHEMERAL, log);
            try (WireTestClient client = WireTestClient.connect(server.address())) {
                client.handshake(UPSTAIRS_ID);
                // One write of both frames, so the server reads 1001 right behind 1000 and would hold 1000's reply
                // for a batch that only ends once 1001's service time has passed.
                client.send(new WriteRequest(1000, DependencyRange.NONE, 0, blocks(1, 1)),
                        new WriteRequest(1001, DependencyRange.of(1000, 1000), 1, blocks(1, 2)));

                assertEquals(new WriteAck(1000, null), client.receive());
                assertFalse(writesDone.contains(1001L), "job 1000's reply waited for job 1001's service time");
                assertEquals(new WriteAck(1001, null), client.receive());
                assertEquals(List.of(1000L, 1001L), List.copyOf(writesDone));
            }
        });
    }

    @Test
    void shouldAnswerPipelinedJobsInOrderOnOneConnection() {
        bounded(() -> {
            start(ServiceTimeModel.ZERO);
            try (WireTestClient client = WireTestClient.connect(server.address())) {
                client.handshake(UPSTAIRS_ID);
                client.send(new WriteRequest(1000, DependencyRange.NONE, 0, blocks(1, 1)),
                        new WriteRequest(1001, DependencyRange.NONE, 1, blocks(1, 2)),
                        new ReadRequest(1002, DependencyRange.of(1000, 1001), 0, 2),
                        new FlushRequest(1003, DependencyRange.of(1000, 1002), 1, 1));
                assertEquals(new WriteAck(1000, null), client.receive());
                assertEquals(new WriteAck(1001, null), client.receive());
                byte[] expected = new byte[2 * BLOCK_BYTES];
                System.arraycopy(blocks(1, 1), 0, expected, 0, BLOCK_BYTES);
                System.arraycopy(blocks(1, 2), 0, expected, BLOCK_BYTES, BLOCK_BYTES);
                assertArrayEquals(expected, client.receive(ReadResponse.class).data());
                assertEquals(new FlushAck(1003, null), client.receive());
            }
        });
    }

    @Test
    void shouldAnswerRuokWithImokBeforeAnyHandshake() {
        bounded(() -> {
            start(ServiceTimeModel.ZERO);
            try (WireTestClient client = WireTestClient.connect(server.address())) {
                client.send(new Ruok());
                assertEquals(new Imok(), client.receive());
            }
        });
    }

    @Test
    void shouldAnswerAHelloForAnotherRegionWithUuidMismatchAndCloseOnlyThatConnection() {
        bounded(() -> {
            start(ServiceTimeModel.ZERO);
            UUID served = server.regionUuid();
            UUID other = new UUID(served.getMostSignificantBits() ^ 1, served.getLeastSignificantBits());
            try (WireTestClient stranger = WireTestClient.connect(server.address());
                    WireTestClient upstairs = WireTestClient.connect(server.address())) {
                stranger.send(new HereIAm(ProtocolVersion.CURRENT, 8, other));
                assertEquals(new UuidMismatch(served), stranger.receive());
                assertTrue(stranger.awaitClosedByServer(), "a peer after another region is shown the door");
                String line = log.awaitLineContaining(stranger.localPeer());
                assertEquals("downstairs-3: connection from " + stranger.localPeer() + " closed: refused: it asked for "
                        + "region " + other + ", this downstairs serves " + served, line);

                upstairs.send(new HereIAm(ProtocolVersion.CURRENT, 9, served));
                assertEquals(new YesItsMe(ProtocolVersion.CURRENT, server.repairAddress()), upstairs.receive());
                upstairs.send(new Ruok());
                assertEquals(new Imok(), upstairs.receive(), "the other connection goes on");
            }
        });
    }

    @Test
    void shouldAnswerTheWholeFramesBeforeABadOneThenCloseTheConnection() {
        bounded(() -> {
            start(ServiceTimeModel.ZERO);
            try (WireTestClient client = WireTestClient.connect(server.address())) {
                // Two Ruoks (length 8, tag 20) and a length prefix over the limit, in one write.
                client.sendRaw(new byte[] {8, 0, 0, 0, 20, 0, 0, 0, 8, 0, 0, 0, 20, 0, 0, 0, -1, -1, -1, -1});
                assertEquals(new Imok(), client.receive());
                assertEquals(new Imok(), client.receive());
                assertTrue(client.awaitClosedByServer(), "the bad frame ends the connection");
                assertTrue(log.awaitLineContaining(client.localPeer()).contains("bad frame"), log.lines().toString());
            }
        });
    }

    @Test
    void shouldCloseAPeerThatStopsReadingSoTheOthersAreServedAgain() {
        bounded(() -> {
            server = DownstairsServer.start(DownstairsConfig.of(3, REGION).withWriteStallTimeoutMs(200),
                    Region.sparseInMemory(REGION), new ProbeRegistry(), ServiceTimeModel.ZERO, LOOPBACK_EPHEMERAL,
                    log);
            try (WireTestClient good = WireTestClient.connect(server.address());
                    Socket deaf = new Socket()) {
                deaf.setReceiveBufferSize(4096); // before connecting, so the window is small from the start
                deaf.connect(server.address());
                String deafPeer = PeerConnection.describe(deaf.getLocalSocketAddress());
                // Ruoks in 8 KiB writes, their Imoks never read, until the server closes the connection.
                byte[] ruoks = new byte[8192];
                for (int i = 0; i < ruoks.length; i += 8) {
                    ruoks[i] = 8;
                    ruoks[i + 4] = 20;
                }
                Thread flood = new Thread(() -> {
                    try {
                        OutputStream out = deaf.getOutputStream();
                        while (true) {
                            out.write(ruoks);
                        }
                    } catch (IOException e) {
                        // Closed by the server, as it should be.
                    }
                }, "deaf-peer");
                flood.setDaemon(true);
                flood.start();

                String line = log.awaitLineContaining("connection from " + deafPeer);
                assertEquals("downstairs-3: connection from " + deafPeer + " closed: peer stopped reading: a reply's "
                        + "write was blocked for over 200 ms", line);
                good.send(new Ruok());
                assertEquals(new Imok(), good.receive(), "the others are served again");
                flood.join(TimeUnit.SECONDS.toMillis(30));
                assertFalse(flood.isAlive(), "the deaf peer's writes end with its connection");
            }
        });
    }

    @Test
    void shouldReportAnUnsupportedMessageAndKeepTheConnection() {
        bounded(() -> {
            start(ServiceTimeModel.ZERO);
            try (WireTestClient client = WireTestClient.connect(server.address())) {
                client.send(new LastFlush(999));
                ErrorReport report = client.receive(ErrorReport.class);
                assertEquals(OptionalLong.empty(), report.jobId());
                assertTrue(report.message().contains("LastFlush"), report.message());

                client.send(new YesItsMe(1)); // a downstairs' message, the wrong way round
                assertTrue(client.receive(ErrorReport.class).message().contains("YesItsMe"));

                client.send(new Ruok());
                assertEquals(new Imok(), client.receive(), "the connection is still served");
            }
            assertTrue(log.linesContaining("bad frame").isEmpty(), () -> "" + log.lines());
        });
    }

    @Test
    void shouldRefuseJobsFromAConnectionThatIsNotActive() {
        bounded(() -> {
            start(ServiceTimeModel.ZERO);
            try (WireTestClient active = WireTestClient.connect(server.address());
                    WireTestClient bystander = WireTestClient.connect(server.address())) {
                active.handshake(UPSTAIRS_ID);
                bystander.send(new WriteRequest(1000, DependencyRange.NONE, 0, blocks(1, 9)));
                ErrorReport refused = bystander.receive(ErrorReport.class);
                assertEquals(OptionalLong.of(1000), refused.jobId());
                assertTrue(refused.message().contains("not the active upstairs"), refused.message());

                // The active upstairs' own job 1000 is new to the core: the bystander's never reached it.
                active.send(new ReadRequest(1000, DependencyRange.NONE, 0, 1));
                assertArrayEquals(new byte[BLOCK_BYTES], active.receive(ReadResponse.class).data());
            }
        });
    }

    @Test
    void shouldRefuseAReadWhoseReplyWouldNotFitOneFrame() throws IOException {
        RegionDefinition large = new RegionDefinition(32 * 1024, 1024, 8); // 256 MiB, sparse
        server = DownstairsServer.start(DownstairsConfig.of(3, large), Region.sparseInMemory(large),
                new ProbeRegistry(), ServiceTimeModel.ZERO, LOOPBACK_EPHEMERAL, log);
        bounded(() -> {
            try (WireTestClient client = WireTestClient.connect(server.address())) {
                client.handshake(UPSTAIRS_ID);
                client.send(new ReadRequest(1000, DependencyRange.NONE, 0, 4096)); // 128 MiB
                ErrorReport refused = client.receive(ErrorReport.class);
                assertEquals(OptionalLong.of(1000), refused.jobId());
                assertTrue(refused.message().contains("would not fit one frame"), refused.message());
            }
        });
    }

    @Test
    void shouldHandTheActiveRoleToASecondUpstairsAndCloseTheFirst() {
        bounded(() -> {
            start(ServiceTimeModel.ZERO);
            try (WireTestClient first = WireTestClient.connect(server.address());
                    WireTestClient second = WireTestClient.connect(server.address())) {
                first.handshake(UPSTAIRS_ID);
                first.send(new WriteRequest(1000, DependencyRange.NONE, 5, blocks(1, 3)));
                assertEquals(new WriteAck(1000, null), first.receive());
                String firstPeer = first.localPeer();

                second.send(new PromoteToActive(OTHER_UPSTAIRS_ID));
                assertEquals(new YouAreNowActive(OTHER_UPSTAIRS_ID), second.receive());
                assertEquals(new YouAreNoLongerActive(OTHER_UPSTAIRS_ID), first.receive());
                assertNull(first.receive(), "the superseded upstairs' connection is closed");
                String line = log.awaitLineContaining("connection from " + firstPeer + " closed: ");
                assertTrue(line.contains("superseded: upstairs " + OTHER_UPSTAIRS_ID), line);

                // The new upstairs numbers its jobs afresh, and sees the data the region holds.
                second.send(new ReadRequest(1000, DependencyRange.NONE, 5, 1));
                assertArrayEquals(blocks(1, 3), second.receive(ReadResponse.class).data());
                second.send(new WriteRequest(1001, DependencyRange.of(1000, 1000), 6, blocks(1, 4)));
                assertEquals(new WriteAck(1001, null), second.receive());
                assertEquals(1, log.linesContaining("connection from " + firstPeer + " closed: ").size());
            }
        });
    }

    @Test
    void shouldFinishJobsInFlightAtCloseThenEndTheStream() {
        long serviceTimeNs = TimeUnit.MILLISECONDS.toNanos(150);
        bounded(() -> {
            start((op, jobId, ioSizeBytes) -> op == IoOp.WRITE ? serviceTimeNs : 0);
            try (WireTestClient client = WireTestClient.connect(server.address())) {
                client.handshake(UPSTAIRS_ID);
                client.send(new WriteRequest(1000, DependencyRange.NONE, 0, blocks(1, 1)),
                        new WriteRequest(1001, DependencyRange.NONE, 1, blocks(1, 2)),
                        new WriteRequest(1002, DependencyRange.NONE, 2, blocks(1, 3)),
                        new Ruok());
                // One service time after all four went in one socket write, the reader has long read them.
                assertEquals(new WriteAck(1000, null), client.receive());
                server.close();
                assertEquals(new WriteAck(1001, null), client.receive());
                assertEquals(new WriteAck(1002, null), client.receive());
                assertEquals(new Imok(), client.receive());
                assertNull(client.receive(), "then the end of the stream");
                String line = log.awaitLineContaining("connection from " + client.localPeer() + " closed: ");
                assertTrue(line.endsWith("closed: downstairs closing"), line);
            }
            assertNull(server.failure());
            assertFalse(server.isRunning());
        });
    }

    @Test
    void shouldEndTheStreamOfAnIdleClientAtCloseAndRefuseNewOnes() {
        bounded(() -> {
            start(ServiceTimeModel.ZERO);
            InetSocketAddress address = server.address();
            try (WireTestClient idle = WireTestClient.connect(address)) {
                idle.send(new Ruok());
                assertEquals(new Imok(), idle.receive()); // the reader thread is up and blocked on its next read
                server.close();
                assertNull(idle.receive());
            }
            server.close(); // idempotent
            assertThrows(ConnectException.class, () -> WireTestClient.connect(address).close());
        });
    }

    @Test
    void shouldRecordACoreFailureAndCloseItsConnections() {
        bounded(() -> {
            // A negative service time is a broken model: the core throws on the core thread.
            start((op, jobId, ioSizeBytes) -> -1);
            try (WireTestClient client = WireTestClient.connect(server.address())) {
                client.handshake(UPSTAIRS_ID);
                client.send(new WriteRequest(1000, DependencyRange.NONE, 0, blocks(1, 1)));
                assertNull(client.receive(), "a failed downstairs lets its peers go rather than leave them waiting");
                String line = log.awaitLineContaining("connection from " + client.localPeer() + " closed: ");
                assertTrue(line.contains("downstairs failed"), line);
            }
            Throwable failure = server.failure();
            assertNotNull(failure);
            assertInstanceOf(IllegalStateException.class, failure);
            assertTrue(failure.getMessage().contains("service time"), failure.getMessage());
            assertFalse(server.isRunning());
        });
    }

    @Test
    void shouldRefuseARegionOfStamps() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> DownstairsServer.start(DownstairsConfig.of(3, REGION), Region.stampsInMemory(REGION),
                        new ProbeRegistry(), ServiceTimeModel.ZERO, LOOPBACK_EPHEMERAL, log));
        assertTrue(refused.getMessage().contains("stamps"), refused.getMessage());
    }

    @Test
    void shouldFailToStartOnAPortInUse() throws IOException {
        start(ServiceTimeModel.ZERO);
        assertThrows(IOException.class, () -> DownstairsServer.start(DownstairsConfig.of(4, REGION),
                Region.sparseInMemory(REGION), new ProbeRegistry(), ServiceTimeModel.ZERO, server.address(), log));
    }

    @Test
    void shouldNameItsThreadsAfterTheDownstairsAndThePeer() {
        bounded(() -> {
            start(ServiceTimeModel.ZERO);
            try (WireTestClient client = WireTestClient.connect(server.address())) {
                client.send(new Ruok());
                assertEquals(new Imok(), client.receive());
                String reader = "downstairs-3-reader-" + client.localPeer();
                String[] names = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                        .filter(name -> name.startsWith("downstairs-3-")).sorted().toArray(String[]::new);
                assertTrue(Arrays.asList(names).contains(reader), () -> Arrays.toString(names));
                assertTrue(Arrays.stream(names).noneMatch(name -> name.endsWith("-core")),
                        () -> "each reader runs the core itself: " + Arrays.toString(names));
                assertTrue(Arrays.stream(names).anyMatch(name -> name.startsWith("downstairs-3-accept-")),
                        () -> Arrays.toString(names));
            }
        });
    }
}
