package dev.cruciblesim.downstairs;

import dev.cruciblesim.downstairs.region.Region;
import dev.cruciblesim.downstairs.repair.InJvmRepairSource;
import dev.cruciblesim.downstairs.repair.RepairEndpoint;
import dev.cruciblesim.downstairs.repair.RepairSource;
import dev.cruciblesim.sim.protocol.DependencyRange;
import dev.cruciblesim.sim.protocol.ExtentClose;
import dev.cruciblesim.sim.protocol.ExtentError;
import dev.cruciblesim.sim.protocol.ExtentFlush;
import dev.cruciblesim.sim.protocol.ExtentReopen;
import dev.cruciblesim.sim.protocol.ExtentRepair;
import dev.cruciblesim.sim.protocol.ExtentVersions;
import dev.cruciblesim.sim.protocol.HereIAm;
import dev.cruciblesim.sim.protocol.PromoteToActive;
import dev.cruciblesim.sim.protocol.ProtocolVersion;
import dev.cruciblesim.sim.protocol.RegionDefinition;
import dev.cruciblesim.sim.protocol.RepairAckId;
import dev.cruciblesim.sim.protocol.WriteAck;
import dev.cruciblesim.sim.protocol.WriteRequest;
import dev.cruciblesim.sim.protocol.YesItsMe;
import dev.cruciblesim.sim.time.ManualClock;
import dev.cruciblesim.tracing.probe.ProbeRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The four reconciliation steps on a downstairs core, driven directly: no threads, a manual clock. */
class DownstairsCoreRepairTest {
    private static final long UPSTAIRS_ID = 42;
    private static final RegionDefinition REGION = new RegionDefinition(512, 4, 3);
    private static final InetSocketAddress ADVERTISED = new InetSocketAddress(InetAddress.getLoopbackAddress(), 8810);

    private final ManualClock clock = new ManualClock(1_000);
    private final RecordingTrace trace = new RecordingTrace();
    private final Region source = Region.sparseInMemory(REGION);
    private final Region dest = Region.sparseInMemory(REGION);
    private DownstairsCore core;

    @BeforeEach
    void setUp() {
        // The core under test is the destination, client 1; client 0 is the source, read in this JVM.
        RepairSource peers = new InJvmRepairSource(List.of(source, dest, Region.sparseInMemory(REGION)));
        core = new DownstairsCore(DownstairsConfig.of(11, REGION), dest, clock, new ProbeRegistry(), trace,
                ServiceTimeModel.ZERO, new RepairEndpoint(ADVERTISED, peers));
    }

    private void promote() {
        core.apply(new HereIAm(ProtocolVersion.CURRENT, UPSTAIRS_ID));
        core.apply(new PromoteToActive(UPSTAIRS_ID));
        trace.clear();
    }

    private static ExtentRepair repairFromClient0(long repairId, long extent) {
        return new ExtentRepair(repairId, extent, 0, YesItsMe.NO_REPAIR_SERVER, new int[] {1});
    }

    private static byte[] filled(int blocks, int value) {
        byte[] data = new byte[blocks * 512];
        Arrays.fill(data, (byte) value);
        return data;
    }

    @Test
    void shouldTellTheUpstairsWhereItsRepairServerIs() {
        core.apply(new HereIAm(ProtocolVersion.CURRENT, UPSTAIRS_ID));
        assertEquals(new YesItsMe(ProtocolVersion.CURRENT, ADVERTISED), trace.lastReply());
    }

    @Test
    void shouldFlushCloseRepairAndReopenAnExtentAckingEachStep() {
        source.write(4, filled(2, 0x5a)); // extent 1 of the source, flushed below
        source.flush(6, 2);
        dest.write(4, filled(4, 0x11)); // the destination's extent 1 differs and is dirty
        promote();

        core.apply(new ExtentFlush(1, 1, 1, 6, 2));
        core.apply(new ExtentClose(2, 1));
        source.closeExtent(1); // what the source's own core does for ExtentClose
        core.apply(repairFromClient0(3, 1));
        core.apply(new ExtentReopen(4, 1));

        assertEquals(List.of(new RepairAckId(1), new RepairAckId(2), new RepairAckId(3), new RepairAckId(4)),
                trace.replies());
        source.reopenExtent(1);
        assertArrayEquals(source.read(4, 4), dest.read(4, 4));
        ExtentVersions versions = dest.extentVersions();
        assertEquals(6, versions.flushNumbers()[1]);
        assertEquals(2, versions.generations()[1]);
        assertEquals(false, versions.dirty()[1]);
    }

    @Test
    void shouldRefuseIoToAClosedExtentUntilItIsReopened() {
        promote();
        core.apply(new ExtentClose(1, 2));
        core.apply(new WriteRequest(1000, DependencyRange.NONE, 8, filled(1, 1)));

        WriteAck refused = assertInstanceOf(WriteAck.class, trace.lastReply());
        assertTrue(refused.error().contains("extent 2 is closed for repair"), refused.error());

        core.apply(new ExtentReopen(2, 2));
        core.apply(new WriteRequest(1001, DependencyRange.NONE, 8, filled(1, 1)));
        assertEquals(new WriteAck(1001, null), trace.lastReply());
    }

    @Test
    void shouldAnswerExtentErrorBeforePromotionForAnExtentOutsideTheRegionAndForAnOpenExtent() {
        core.apply(new ExtentClose(1, 0));
        ExtentError inactive = assertInstanceOf(ExtentError.class, trace.lastReply());
        assertEquals(1, inactive.repairId());
        assertTrue(inactive.error().contains("upstairs not active"), inactive.error());

        promote();
        core.apply(new ExtentFlush(2, 3, 0, 1, 1));
        ExtentError outside = assertInstanceOf(ExtentError.class, trace.lastReply());
        assertEquals(new ExtentError(2, 3, outside.error()), outside);
        assertTrue(outside.error().startsWith("downstairs 11: ExtentFlush (repair 2) of extent 3: no extent 3"),
                outside.error());

        core.apply(repairFromClient0(3, 0)); // neither end closed extent 0
        ExtentError open = assertInstanceOf(ExtentError.class, trace.lastReply());
        assertTrue(open.error().contains("it is open"), open.error());
    }

    @Test
    void shouldAnswerExtentErrorWhenItHasNoWayToReachTheSource() {
        DownstairsCore alone = new DownstairsCore(DownstairsConfig.of(12, REGION), Region.sparseInMemory(REGION),
                clock, new ProbeRegistry(), trace);
        alone.apply(new PromoteToActive(UPSTAIRS_ID));
        alone.apply(new ExtentClose(1, 0));
        alone.apply(repairFromClient0(2, 0));

        ExtentError error = assertInstanceOf(ExtentError.class, trace.lastReply());
        assertTrue(error.error().contains("no repair source"), error.error());
    }
}
