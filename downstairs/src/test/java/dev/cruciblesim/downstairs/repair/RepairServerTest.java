package dev.cruciblesim.downstairs.repair;

import dev.cruciblesim.downstairs.region.ExtentImage;
import dev.cruciblesim.downstairs.region.Region;
import dev.cruciblesim.sim.protocol.RegionDefinition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The repair port: a {@link TcpRepairSource} fetching from a {@link RepairServer} on loopback, and hostile peers. */
class RepairServerTest {
    private static final RegionDefinition REGION = new RegionDefinition(512, 4, 3);
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private static final Duration BOUND = Duration.ofSeconds(30);

    private final LinkedBlockingQueue<String> log = new LinkedBlockingQueue<>();
    private final Region region = Region.sparseInMemory(REGION);
    private RepairServer server;

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
    }

    private void start(int requestTimeoutMs) throws IOException {
        server = RepairServer.start("downstairs-9", LOOPBACK, REGION.blockSizeBytes(), region::readExtentImage,
                log::add, requestTimeoutMs);
    }

    private String awaitLog() throws InterruptedException {
        String line = log.poll(20, TimeUnit.SECONDS);
        assertNotNull(line, "no log line");
        return line;
    }

    @Test
    void shouldServeAClosedExtentWholeWithItsNumbers() throws Exception {
        byte[] data = new byte[2 * 512];
        Arrays.fill(data, (byte) 0x6b);
        region.write(5, data);
        region.flush(12, 4);
        region.closeExtent(1);
        start(RepairServer.REQUEST_TIMEOUT_MS);

        ExtentImage image = assertTimeoutPreemptively(BOUND,
                () -> new TcpRepairSource(REGION).fetch(0, server.address(), 1));

        assertEquals(1, image.extent());
        assertEquals(12, image.flushNumber());
        assertEquals(4, image.generation());
        region.reopenExtent(1);
        assertArrayEquals(region.read(4, 4), image.data());
        assertTrue(awaitLog().endsWith("served extent 1 (flush 12, generation 4)"));
    }

    @Test
    void shouldPassTheSourcesRefusalBackToTheDestination() throws Exception {
        start(RepairServer.REQUEST_TIMEOUT_MS);

        RepairException refused = assertThrows(RepairException.class,
                () -> new TcpRepairSource(REGION).fetch(2, server.address(), 0));

        assertTrue(refused.getMessage().startsWith("source client 2 at " + server.address() + ": extent 0: "
                + "the source refused: downstairs-9: extent 0: copy of extent 0 refused: it is open"),
                refused.getMessage());
    }

    @Test
    void shouldRefuseACopyOfAnotherGeometry() throws Exception {
        region.closeExtent(0);
        start(RepairServer.REQUEST_TIMEOUT_MS);
        RegionDefinition larger = new RegionDefinition(512, 8, 3);

        RepairException refused = assertThrows(RepairException.class,
                () -> new TcpRepairSource(larger).fetch(0, server.address(), 0));

        assertTrue(refused.getMessage().contains("an extent of 8 blocks of 512 B makes"), refused.getMessage());
    }

    @Test
    void shouldCloseABadFrameWithALogLine() throws Exception {
        start(RepairServer.REQUEST_TIMEOUT_MS);
        try (Socket peer = new Socket(server.address().getAddress(), server.address().getPort())) {
            peer.getOutputStream().write("GET /extent/0 HTTP/1.1\r\n".getBytes());
            assertEquals(-1, readToEnd(peer), "closed without an answer");
        }
        String line = awaitLog();
        assertTrue(line.contains("repair server: closed") && line.contains("bad frame: request length"), line);
    }

    @Test
    void shouldCloseAPeerThatSendsNothingInTime() throws Exception {
        start(200);
        try (Socket peer = new Socket(server.address().getAddress(), server.address().getPort())) {
            assertEquals(-1, assertTimeoutPreemptively(BOUND, () -> readToEnd(peer)));
        }
        assertTrue(awaitLog().endsWith("no whole request within 200 ms"));
    }

    @Test
    void shouldTimeOutOnASourceThatNeverAnswers() throws Exception {
        // A listener that accepts (the backlog does) and never reads: the fetch must end by itself.
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            InetSocketAddress address = (InetSocketAddress) silent.getLocalSocketAddress();
            RepairException timedOut = assertTimeoutPreemptively(BOUND, () -> assertThrows(RepairException.class,
                    () -> new TcpRepairSource(REGION, 1_000, 300).fetch(1, address, 2)));
            assertTrue(timedOut.getMessage().contains("no answer within 300 ms for extent 2"), timedOut.getMessage());
        }
    }

    @Test
    void shouldRefuseASourceWithoutARepairServer() {
        RepairException refused = assertThrows(RepairException.class, () -> new TcpRepairSource(REGION).fetch(0,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1));
        assertTrue(refused.getMessage().contains("runs no repair server (port 0)"), refused.getMessage());
    }

    private static int readToEnd(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        int last;
        do {
            last = in.read();
        } while (last >= 0);
        return last;
    }
}
