package dev.cruciblesim.downstairs.server;

import dev.cruciblesim.downstairs.DownstairsConfig;
import dev.cruciblesim.downstairs.ServiceTimeModel;
import dev.cruciblesim.downstairs.region.Region;
import dev.cruciblesim.sim.protocol.DependencyRange;
import dev.cruciblesim.sim.protocol.ExtentClose;
import dev.cruciblesim.sim.protocol.ExtentError;
import dev.cruciblesim.sim.protocol.ExtentFlush;
import dev.cruciblesim.sim.protocol.ExtentReopen;
import dev.cruciblesim.sim.protocol.ExtentRepair;
import dev.cruciblesim.sim.protocol.FlushAck;
import dev.cruciblesim.sim.protocol.FlushRequest;
import dev.cruciblesim.sim.protocol.HereIAm;
import dev.cruciblesim.sim.protocol.ProtocolVersion;
import dev.cruciblesim.sim.protocol.ReadRequest;
import dev.cruciblesim.sim.protocol.ReadResponse;
import dev.cruciblesim.sim.protocol.RepairAckId;
import dev.cruciblesim.sim.protocol.WriteAck;
import dev.cruciblesim.sim.protocol.WriteRequest;
import dev.cruciblesim.sim.protocol.YesItsMe;
import dev.cruciblesim.tracing.probe.ProbeRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import static dev.cruciblesim.downstairs.server.DownstairsServerTest.LOOPBACK_EPHEMERAL;
import static dev.cruciblesim.downstairs.server.DownstairsServerTest.REGION;
import static dev.cruciblesim.downstairs.server.DownstairsServerTest.blocks;
import static dev.cruciblesim.downstairs.server.DownstairsServerTest.bounded;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reconciliation between two servers in this JVM: the destination copies an extent from the source's repair port. */
class DownstairsServerRepairTest {
    private static final long UPSTAIRS_ID = 51;
    private final RecordingLog log = new RecordingLog();
    private final List<DownstairsServer> servers = new ArrayList<>();

    @AfterEach
    void tearDown() {
        servers.forEach(DownstairsServer::close);
    }

    private DownstairsServer start(long id, InetSocketAddress repairBind) throws IOException {
        DownstairsServer server = DownstairsServer.start(DownstairsConfig.of(id, REGION), Region.sparseInMemory(REGION),
                new ProbeRegistry(), ServiceTimeModel.ZERO, LOOPBACK_EPHEMERAL, log, null, repairBind);
        servers.add(server);
        return server;
    }

    @Test
    void shouldCopyAnExtentFromTheSourcesRepairPort() {
        bounded(() -> {
            DownstairsServer source = start(1, LOOPBACK_EPHEMERAL);
            DownstairsServer dest = start(2, LOOPBACK_EPHEMERAL);
            assertNotEquals(0, source.repairAddress().getPort());
            try (WireTestClient toSource = WireTestClient.connect(source.address());
                    WireTestClient toDest = WireTestClient.connect(dest.address())) {
                toSource.handshake(UPSTAIRS_ID);
                toDest.handshake(UPSTAIRS_ID);
                byte[] data = blocks(64, 3); // the whole of extent 1
                toSource.send(new WriteRequest(1000, DependencyRange.NONE, 64, data));
                assertEquals(new WriteAck(1000, null), toSource.receive());
                toSource.send(new FlushRequest(1001, DependencyRange.of(1000, 1000), 7, 2));
                assertEquals(new FlushAck(1001, null), toSource.receive());

                toSource.send(new ExtentFlush(1, 1, 0, 7, 2));
                assertEquals(new RepairAckId(1), toSource.receive());
                toSource.send(new ExtentClose(2, 1));
                toDest.send(new ExtentClose(2, 1));
                assertEquals(new RepairAckId(2), toSource.receive());
                assertEquals(new RepairAckId(2), toDest.receive());
                toDest.send(new ExtentRepair(3, 1, 0, source.repairAddress(), new int[] {1}));
                assertEquals(new RepairAckId(3), toDest.receive());
                toSource.send(new ExtentReopen(4, 1));
                toDest.send(new ExtentReopen(4, 1));
                assertEquals(new RepairAckId(4), toSource.receive());
                assertEquals(new RepairAckId(4), toDest.receive());

                toDest.send(new ReadRequest(1002, DependencyRange.NONE, 64, 64));
                assertArrayEquals(data, toDest.receive(ReadResponse.class).data());
            }
            String served = log.awaitLineContaining("repair server: closed");
            assertTrue(served.startsWith("downstairs-1 repair server: closed ") && served.endsWith(
                    "served extent 1 (flush 7, generation 2)"), served);
        });
    }

    @Test
    void shouldRefuseAReconciliationStepFromAConnectionThatIsNotActive() {
        bounded(() -> {
            DownstairsServer server = start(3, LOOPBACK_EPHEMERAL);
            try (WireTestClient active = WireTestClient.connect(server.address());
                    WireTestClient other = WireTestClient.connect(server.address())) {
                active.handshake(UPSTAIRS_ID);
                other.send(new ExtentClose(9, 0));
                ExtentError refused = other.receive(ExtentError.class);
                assertEquals(9, refused.repairId());
                assertTrue(refused.error().contains("ExtentClose refused: this connection is not the active upstairs"),
                        refused.error());
            }
        });
    }

    @Test
    void shouldNameTheAddressTheUpstairsReachedWhenTheRepairPortListensEverywhere() {
        bounded(() -> {
            DownstairsServer server = start(4, new InetSocketAddress(0));
            try (WireTestClient upstairs = WireTestClient.connect(server.address())) {
                upstairs.send(new HereIAm(ProtocolVersion.CURRENT, UPSTAIRS_ID));
                YesItsMe yes = upstairs.receive(YesItsMe.class);
                assertEquals(server.address().getAddress(), yes.repairAddress().getAddress());
                assertEquals(server.repairAddress().getPort(), yes.repairAddress().getPort());
                assertTrue(server.repairAddress().getAddress().isAnyLocalAddress());
            }
        });
    }
}
