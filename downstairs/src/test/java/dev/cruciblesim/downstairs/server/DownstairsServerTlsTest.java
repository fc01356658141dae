package dev.cruciblesim.downstairs.server;

import dev.cruciblesim.downstairs.DownstairsConfig;
import dev.cruciblesim.downstairs.ServiceTimeModel;
import dev.cruciblesim.downstairs.region.Region;
import dev.cruciblesim.sim.protocol.DependencyRange;
import dev.cruciblesim.sim.protocol.FlushAck;
import dev.cruciblesim.sim.protocol.FlushRequest;
import dev.cruciblesim.sim.protocol.HereIAm;
import dev.cruciblesim.sim.protocol.Message;
import dev.cruciblesim.sim.protocol.PromoteToActive;
import dev.cruciblesim.sim.protocol.ProtocolVersion;
import dev.cruciblesim.sim.protocol.ReadRequest;
import dev.cruciblesim.sim.protocol.ReadResponse;
import dev.cruciblesim.sim.protocol.RegionInfo;
import dev.cruciblesim.sim.protocol.RegionInfoPlease;
import dev.cruciblesim.sim.protocol.Ruok;
import dev.cruciblesim.sim.protocol.WriteAck;
import dev.cruciblesim.sim.protocol.WriteRequest;
import dev.cruciblesim.sim.protocol.YesItsMe;
import dev.cruciblesim.sim.protocol.YouAreNowActive;
import dev.cruciblesim.sim.transport.tcp.TcpDownstairsLink;
import dev.cruciblesim.sim.transport.tcp.TestCertificates;
import dev.cruciblesim.sim.transport.tcp.TlsSettings;
import dev.cruciblesim.tracing.probe.ProbeRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static dev.cruciblesim.downstairs.server.DownstairsServerTest.BLOCK_BYTES;
import static dev.cruciblesim.downstairs.server.DownstairsServerTest.LOOPBACK_EPHEMERAL;
import static dev.cruciblesim.downstairs.server.DownstairsServerTest.REGION;
import static dev.cruciblesim.downstairs.server.DownstairsServerTest.blocks;
import static dev.cruciblesim.downstairs.server.DownstairsServerTest.bounded;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The upstairs' link and the server over TLS 1.3 with both ends authenticated, on loopback, with stores made by
 * {@link TestCertificates}: IO works, and each kind of peer that must be refused is, with one log line at the server
 * and a clear failure at the client. Every wait is a blocking read or a poll of what must arrive, bounded.
 */
class DownstairsServerTlsTest {
    private static final long UPSTAIRS_ID = 41;
    private static final long POLL_SECONDS = 30;

    @TempDir
    static Path stores;
    private static TestCertificates.Lab lab;

    private final RecordingLog log = new RecordingLog();
    private final BlockingQueue<Message.ToUpstairs> replies = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> losses = new LinkedBlockingQueue<>();
    private final List<TcpDownstairsLink> links = new CopyOnWriteArrayList<>();
    private DownstairsServer server;

    @BeforeAll
    static void makeStores() throws Exception {
        lab = TestCertificates.Lab.create(stores);
    }

    @AfterEach
    void tearDown() {
        links.forEach(TcpDownstairsLink::close);
        if (server != null) {
            server.close();
        }
    }

    private DownstairsServer start(TlsSettings tls) throws IOException {
        server = DownstairsServer.start(DownstairsConfig.of(3, REGION), Region.sparseInMemory(REGION),
                new ProbeRegistry(), ServiceTimeModel.ZERO, LOOPBACK_EPHEMERAL, log, tls);
        return server;
    }

    private TcpDownstairsLink connect(TlsSettings tls) throws IOException {
        TcpDownstairsLink link = TcpDownstairsLink.connect("client 0", server.address(), replies::add, losses::add,
                tls);
        links.add(link);
        return link;
    }

    private Message.ToUpstairs reply() throws InterruptedException {
        Message.ToUpstairs reply = replies.poll(POLL_SECONDS, TimeUnit.SECONDS);
        assertNotNull(reply, () -> "no reply within " + POLL_SECONDS + " s; lost: " + losses + "; log: " + log.lines());
        return reply;
    }

    @Test
    void shouldHandshakeThenWriteReadBackAndFlushOverTls() {
        bounded(() -> {
            start(lab.downstairs());
            TcpDownstairsLink link = connect(lab.upstairs());
            link.send(new HereIAm(ProtocolVersion.CURRENT, UPSTAIRS_ID));
            assertEquals(new YesItsMe(ProtocolVersion.CURRENT, server.repairAddress()), reply());
            link.send(new PromoteToActive(UPSTAIRS_ID));
            assertEquals(new YouAreNowActive(UPSTAIRS_ID), reply());
            link.send(new RegionInfoPlease());
            assertEquals(REGION, assertInstanceOf(RegionInfo.class, reply()).region());

            // Larger than one TLS record (16 KiB), so a frame spans records both ways.
            int blockCount = 40;
            byte[] data = blocks(blockCount, 5);
            link.send(new WriteRequest(1000, DependencyRange.NONE, 3, data));
            assertEquals(new WriteAck(1000, null), reply());
            link.send(new ReadRequest(1001, DependencyRange.of(1000, 1000), 3, blockCount));
            ReadResponse read = assertInstanceOf(ReadResponse.class, reply());
            assertArrayEquals(data, read.data());
            assertEquals(blockCount * BLOCK_BYTES, read.data().length);
            link.send(new FlushRequest(1002, DependencyRange.of(1000, 1001), 1, 1));
            assertEquals(new FlushAck(1002, null), reply());
            assertTrue(server.usesTls());
            assertEquals(0, losses.size(), () -> "" + losses);
        });
    }

    @Test
    void shouldEndTheLinkCleanlyWhenTheServerClosesOverTls() {
        bounded(() -> {
            start(lab.downstairs());
            TcpDownstairsLink link = connect(lab.upstairs());
            link.send(new Ruok()); // answered, and the answer kept by the link: the session is up at both ends
            link.send(new HereIAm(ProtocolVersion.CURRENT, UPSTAIRS_ID));
            assertEquals(new YesItsMe(ProtocolVersion.CURRENT, server.repairAddress()), reply());
            server.close();
            String loss = losses.poll(POLL_SECONDS, TimeUnit.SECONDS);
            assertNotNull(loss);
            assertTrue(loss.endsWith("lost: the downstairs closed the connection"), loss);
            assertTrue(log.awaitLineContaining("closed: ").endsWith("closed: downstairs closing"), () -> "" + log.lines());
        });
    }

    @Test
    void shouldRefuseAnUpstairsWhoseCertificateItDoesNotTrust() {
        bounded(() -> {
            start(lab.downstairs());
            String failure;
            try {
                // TLS 1.3 lets the client finish its handshake before the server has checked its certificate, so
                // the refusal may come at the first exchange instead of at connect.
                TcpDownstairsLink stranger = connect(lab.stranger());
                stranger.send(new HereIAm(ProtocolVersion.CURRENT, UPSTAIRS_ID));
                failure = losses.poll(POLL_SECONDS, TimeUnit.SECONDS);
            } catch (IOException e) {
                failure = e.getMessage();
            }
            assertNotNull(failure, "the stranger's link neither failed to connect nor was lost");
            assertTrue(failure.startsWith("client 0: "), failure);
            // The alert, unless the server's reset (it closes with the client's first frame unread) overtook it.
            assertTrue(failure.contains("TLS failed: the downstairs refused the certificate of the keystore "
                    + lab.stranger().keystore() + " (Received fatal alert: bad_certificate)")
                    || failure.contains("Connection reset"), failure);
            assertEquals(0, replies.size(), "nothing reached the core");

            String line = log.awaitLineContaining("closed: ");
            assertTrue(line.contains("closed: TLS handshake failed: the upstairs sent no certificate that the "
                    + "truststore " + lab.downstairs().truststore() + " accepts"), line);
            assertEquals(1, log.lines().size(), () -> "one line: " + log.lines());
            assertTrue(server.isRunning());
        });
    }

    @Test
    void shouldFailTheConnectToADownstairsItDoesNotTrust() {
        bounded(() -> {
            start(lab.downstairs());
            // The upstairs' own key, but a truststore without the downstairs' certificate.
            TlsSettings distrusting = TestCertificates.settings(lab.upstairs().keystore(),
                    lab.downstairs().truststore());
            IOException refused = assertThrows(IOException.class, () -> connect(distrusting));
            assertEquals("client 0: TLS with the downstairs at " + show(server.address()) + " failed: the certificate of the "
                    + "downstairs is not trusted by the truststore " + lab.downstairs().truststore(),
                    refused.getMessage());
            String line = log.awaitLineContaining("closed: ");
            // The alert, unless the reset of the upstairs' close overtook it while the server was still writing.
            assertTrue(line.contains("closed: TLS handshake failed: the upstairs refused the certificate of the "
                    + "keystore " + lab.downstairs().keystore())
                    || line.contains("closed: TLS handshake failed: the upstairs closed the connection; its log says "
                    + "why"), line);
        });
    }

    @Test
    void shouldRefuseATls12OnlyClient() {
        bounded(() -> {
            start(lab.downstairs());
            SSLContext tls12 = SSLContext.getInstance("TLSv1.2");
            tls12.init(keyManagers(), trustManagers(), null);
            try (SSLSocket client = (SSLSocket) tls12.getSocketFactory().createSocket(
                    server.address().getAddress(), server.address().getPort())) {
                client.setEnabledProtocols(new String[] {"TLSv1.2"});
                SSLException refused = assertThrows(SSLException.class, client::startHandshake);
                assertTrue(refused.getMessage().contains("protocol_version"), refused.getMessage());
            }
            String line = log.awaitLineContaining("closed: ");
            assertTrue(line.contains("closed: TLS handshake failed: no protocol version in common: this end speaks "
                    + "TLSv1.3 only"), line);
        });
    }

    @Test
    void shouldRefuseAPlainTcpPeerAndATlsClientOfAPlainServer() {
        bounded(() -> {
            start(lab.downstairs());
            try (WireTestClient plain = WireTestClient.connect(server.address())) {
                plain.send(new HereIAm(ProtocolVersion.CURRENT, UPSTAIRS_ID));
                assertTrue(plain.awaitClosedByServer());
            }
            String line = log.awaitLineContaining("closed: ");
            assertTrue(line.contains("closed: TLS handshake failed: the upstairs does not speak TLS"), line);
            server.close();

            start(null);
            int handshakeTimeoutMs = 300;
            IOException refused = assertThrows(IOException.class, () -> TcpDownstairsLink.connect("client 0",
                    server.address(), replies::add, losses::add, handshakeTimeoutMs, 10_000, 50_000, lab.upstairs()));
            assertEquals("client 0: TLS with the downstairs at " + show(server.address()) + " failed: no handshake "
                    + "answer within " + handshakeTimeoutMs + " ms (does it serve TLS?)", refused.getMessage());
            // The plain server took the ClientHello for the start of a frame, and the hang-up for its end.
            log.awaitLineContaining("closed: peer hung up mid-frame");
        });
    }

    @Test
    void shouldCloseAPeerThatConnectsAndNeverHandshakesWhenTheServerCloses() {
        bounded(() -> {
            start(lab.downstairs());
            try (Socket silent = new Socket(server.address().getAddress(), server.address().getPort())) {
                // The reader is in its handshake, waiting for a ClientHello; close() must not wait the handshake out.
                awaitConnections(1);
                long startNs = System.nanoTime();
                server.close();
                assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs) < TlsSettings.HANDSHAKE_TIMEOUT_MS);
                InputStream in = silent.getInputStream();
                assertEquals(-1, in.read());
            }
            assertTrue(log.awaitLineContaining("closed: ").endsWith("closed: downstairs closing"), () -> "" + log.lines());
        });
    }

    private void awaitConnections(int count) {
        while (server.connectionCount() < count) {
            // The accept thread registers a connection a moment after the client's connect returns.
            LockSupport.parkNanos(100_000);
        }
    }

    private static javax.net.ssl.KeyManager[] keyManagers() throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(lab.upstairs().keystore())) {
            keys.load(in, TestCertificates.PASSWORD.toCharArray());
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, TestCertificates.PASSWORD.toCharArray());
        return factory.getKeyManagers();
    }

    private static javax.net.ssl.TrustManager[] trustManagers() throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(lab.upstairs().truststore())) {
            trusted.load(in, TestCertificates.PASSWORD.toCharArray());
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trusted);
        return factory.getTrustManagers();
    }

    private static String show(InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }
}
