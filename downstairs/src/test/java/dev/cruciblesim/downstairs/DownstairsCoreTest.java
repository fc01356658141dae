package dev.cruciblesim.downstairs;

import dev.cruciblesim.downstairs.region.Region;
import dev.cruciblesim.sim.protocol.DependencyRange;
import dev.cruciblesim.sim.protocol.ExtentVersions;
import dev.cruciblesim.sim.protocol.ExtentVersionsPlease;
import dev.cruciblesim.sim.protocol.FlushAck;
import dev.cruciblesim.sim.protocol.FlushRequest;
import dev.cruciblesim.sim.protocol.HereIAm;
import dev.cruciblesim.sim.protocol.LastFlush;
import dev.cruciblesim.sim.protocol.LastFlushAck;
import dev.cruciblesim.sim.protocol.Message;
import dev.cruciblesim.sim.protocol.PromoteToActive;
import dev.cruciblesim.sim.protocol.ProtocolVersion;
import dev.cruciblesim.sim.protocol.ReadRequest;
import dev.cruciblesim.sim.protocol.ReadResponse;
import dev.cruciblesim.sim.protocol.RegionDefinition;
import dev.cruciblesim.sim.protocol.RegionInfo;
import dev.cruciblesim.sim.protocol.RegionInfoPlease;
import dev.cruciblesim.sim.protocol.UuidMismatch;
import dev.cruciblesim.sim.protocol.VersionMismatch;
import dev.cruciblesim.sim.protocol.WriteAck;
import dev.cruciblesim.sim.protocol.WriteRequest;
import dev.cruciblesim.sim.protocol.YesItsMe;
import dev.cruciblesim.sim.protocol.YouAreNowActive;
import dev.cruciblesim.sim.time.ManualClock;
import dev.cruciblesim.tracing.probe.ProbeRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DownstairsCoreTest {
    private static final long INSTANCE_ID = 7;
    private static final long UPSTAIRS_ID = 42;
    private static final int BLOCK_BYTES = 4096;
    private static final RegionDefinition REGION = new RegionDefinition(BLOCK_BYTES, 8, 4);
    private static final DependencyRange NO_DEPS = DependencyRange.NONE;

    private final ManualClock clock = new ManualClock(1_000_000);
    private final RecordingTrace trace = new RecordingTrace();
    private ProbeRegistry probes;
    private Region region;
    private DownstairsCore core;

    @BeforeEach
    void setUp() {
        probes = new ProbeRegistry();
        probes.enable("crucible_downstairs*:::", trace);
        region = Region.sparseInMemory(REGION);
        core = new DownstairsCore(DownstairsConfig.of(INSTANCE_ID, REGION), region, clock, probes, trace);
    }

    @Test
    void shouldCreateTheTwelveDownstairsProbesUnderItsInstanceId() {
        assertEquals(12, probes.count("crucible_downstairs7:::"));
        assertEquals(1, probes.count("crucible_downstairs7:::submit-write-start"));
    }

    @Test
    void shouldAnswerHereIAmWithYesItsMeForTheCurrentVersion() {
        core.apply(new HereIAm(ProtocolVersion.CURRENT, UPSTAIRS_ID));
        assertEquals(new YesItsMe(ProtocolVersion.CURRENT), trace.lastReply());
    }

    @Test
    void shouldAnswerHereIAmWithVersionMismatchForAnyOtherVersion() {
        core.apply(new HereIAm(ProtocolVersion.CURRENT + 1, UPSTAIRS_ID));
        assertEquals(new VersionMismatch(ProtocolVersion.CURRENT), trace.lastReply());
    }

    @Test
    void shouldAnswerHereIAmForItsOwnRegionWithYesItsMeAndForAnotherWithUuidMismatch() {
        core.apply(new HereIAm(ProtocolVersion.CURRENT, UPSTAIRS_ID, region.uuid()));
        assertEquals(new YesItsMe(ProtocolVersion.CURRENT), trace.lastReply());
        UUID other = new UUID(region.uuid().getMostSignificantBits(), region.uuid().getLeastSignificantBits() + 1);
        core.apply(new HereIAm(ProtocolVersion.CURRENT, UPSTAIRS_ID, other));
        assertEquals(new UuidMismatch(region.uuid()), trace.lastReply());
        assertFalse(core.isActive(), "a refused hello promotes nothing");
    }

    @Test
    void shouldCheckTheVersionBeforeTheRegion() {
        core.apply(new HereIAm(ProtocolVersion.CURRENT + 1, UPSTAIRS_ID, new UUID(7, 7)));
        assertEquals(new VersionMismatch(ProtocolVersion.CURRENT), trace.lastReply());
    }

    @Test
    void shouldPromoteAndAnswerRegionInfoAndExtentVersions() {
        core.apply(new HereIAm(ProtocolVersion.CURRENT, UPSTAIRS_ID));
        core.apply(new PromoteToActive(UPSTAIRS_ID));
        core.apply(new RegionInfoPlease());
        core.apply(new ExtentVersionsPlease());

        assertEquals(List.of(new YesItsMe(ProtocolVersion.CURRENT), new YouAreNowActive(UPSTAIRS_ID),
                new RegionInfo(REGION, region.uuid()), new ExtentVersions(new long[4], new long[4], new boolean[4])),
                trace.replies());
        assertTrue(core.isActive());
        assertEquals(UPSTAIRS_ID, core.activeUpstairsId());
    }

    @Test
    void shouldRefuseIoBeforePromotionWithAnErrorAndNoProbes() {
        core.apply(new WriteRequest(1000, NO_DEPS, 0, block(1)));
        core.apply(new ReadRequest(1001, NO_DEPS, 0, 1));
        core.apply(new FlushRequest(1002, NO_DEPS, 1, 1));

        assertEquals(List.of("reply WriteAck 1000", "reply ReadResponse 1001", "reply FlushAck 1002"), trace.events());
        for (Message.ToUpstairs reply : trace.replies()) {
            String error = ((Message.JobReply) reply).error();
            assertTrue(error.contains("upstairs not active") && error.contains("downstairs 7"), error);
        }
        assertEquals(0, core.pendingJobCount());
        assertEquals(0, region.allocatedBytes());
    }

    @Test
    void shouldFireTheFourProbesInOrderThenReplyForEachJob() {
        activate();
        core.apply(new WriteRequest(1000, NO_DEPS, 3, block(5)));
        core.apply(new ReadRequest(1001, DependencyRange.of(1000, 1000), 3, 1));
        core.apply(new FlushRequest(1002, DependencyRange.of(1000, 1001), 1, 1));

        assertEquals(List.of(
                "submit-write-start 1000", "os-write-start 1000", "os-write-done 1000", "submit-write-done 1000",
                "reply WriteAck 1000",
                "submit-read-start 1001", "os-read-start 1001", "os-read-done 1001", "submit-read-done 1001",
                "reply ReadResponse 1001",
                "submit-flush-start 1002", "os-flush-start 1002", "os-flush-done 1002", "submit-flush-done 1002",
                "reply FlushAck 1002"), trace.events());
        ReadResponse read = (ReadResponse) trace.replies().get(1);
        assertNull(read.error());
        assertArrayEquals(block(5), read.data());
    }

    @Test
    void shouldStampDirtyExtentsWhenAFlushCompletes() {
        activate();
        core.apply(new WriteRequest(1000, NO_DEPS, 9, block(1))); // extent 1
        core.apply(new FlushRequest(1001, DependencyRange.of(1000, 1000), 4, 2));
        core.apply(new ExtentVersionsPlease());

        ExtentVersions versions = (ExtentVersions) trace.lastReply();
        assertArrayEquals(new long[] {0, 4, 0, 0}, versions.flushNumbers());
        assertArrayEquals(new long[] {0, 2, 0, 0}, versions.generations());
        assertArrayEquals(new boolean[4], versions.dirty());
    }

    @Test
    void shouldHoldAJobWhoseDependencyHasNotCompletedAndRunItRightAfter() {
        activate();
        core.apply(new ReadRequest(1001, DependencyRange.of(1000, 1000), 0, 1));

        assertEquals(List.of("submit-read-start 1001"), trace.events());
        assertEquals(1, core.pendingJobCount());

        core.apply(new WriteRequest(1000, NO_DEPS, 0, block(3)));

        assertEquals(List.of("submit-read-start 1001",
                "submit-write-start 1000", "os-write-start 1000", "os-write-done 1000", "submit-write-done 1000",
                "reply WriteAck 1000",
                "os-read-start 1001", "os-read-done 1001", "submit-read-done 1001", "reply ReadResponse 1001"),
                trace.events());
        assertArrayEquals(block(3), ((ReadResponse) trace.lastReply()).data());
        assertEquals(0, core.pendingJobCount());
    }

    @Test
    void shouldRunWaitingJobsLowestIdFirstOnceTheirDependenciesAreMet() {
        activate();
        core.apply(new WriteRequest(1002, DependencyRange.of(1000, 1001), 0, block(2)));
        core.apply(new WriteRequest(1001, DependencyRange.of(1000, 1000), 0, block(1)));
        assertEquals(2, core.pendingJobCount());

        core.apply(new WriteRequest(1000, NO_DEPS, 0, block(0)));

        assertEquals(List.of(new WriteAck(1000, null), new WriteAck(1001, null), new WriteAck(1002, null)),
                trace.replies());
        assertArrayEquals(block(2), region.read(0, 1));
    }

    @Test
    void shouldTreatEverythingUpToTheLastFlushAsCompletedAndResetTheCompletedSet() {
        activate();
        core.apply(new WriteRequest(1000, NO_DEPS, 0, block(1)));
        core.apply(new WriteRequest(1001, DependencyRange.of(1000, 1000), 1, block(1)));
        assertEquals(2, core.completedSinceLastFlushCount());

        core.apply(new FlushRequest(1005, DependencyRange.of(1000, 1001), 1, 1));

        assertEquals(1005, core.lastFlushJobId());
        assertEquals(0, core.completedSinceLastFlushCount());
        // 1002..1004 never came here, but they are at or below the last flush, so they count as met.
        core.apply(new ReadRequest(1006, DependencyRange.of(1000, 1005), 0, 1));
        ReadResponse read = (ReadResponse) trace.lastReply();
        assertEquals(1006, read.jobId());
        assertNull(read.error());
        assertEquals(0, core.pendingJobCount());
        assertEquals(1, core.completedSinceLastFlushCount());

        // Above the flush only the completed set counts: 1007 was never seen, so 1008 waits.
        core.apply(new ReadRequest(1008, DependencyRange.of(1006, 1007), 0, 1));
        assertEquals(1, core.pendingJobCount());
    }

    @Test
    void shouldReplyWithAnErrorNamingTheJobForIoOutsideTheRegionAndStillFireItsProbes() {
        activate();
        core.apply(new ReadRequest(1000, NO_DEPS, 30, 4));

        assertEquals(List.of("submit-read-start 1000", "os-read-start 1000", "os-read-done 1000",
                "submit-read-done 1000", "reply ReadResponse 1000"), trace.events());
        ReadResponse reply = (ReadResponse) trace.lastReply();
        assertNull(reply.data());
        assertEquals("downstairs 7: read job 1000: read of 4 blocks at block 30 is outside the region's blocks [0, 32)",
                reply.error());
    }

    @Test
    void shouldCountAFailedJobAsCompletedSoLaterJobsStillRun() {
        activate();
        core.apply(new WriteRequest(1000, NO_DEPS, 0, new byte[100]));
        core.apply(new WriteRequest(1001, DependencyRange.of(1000, 1000), 0, block(1)));

        List<Message.ToUpstairs> replies = trace.replies();
        assertTrue(((WriteAck) replies.get(0)).error().contains("not a whole, non-zero number of 4096-byte blocks"));
        assertEquals(new WriteAck(1001, null), replies.get(1));
    }

    @Test
    void shouldRefuseAJobIdItHasAlreadySeen() {
        activate();
        core.apply(new WriteRequest(1000, NO_DEPS, 0, block(1)));
        trace.clear();

        core.apply(new WriteRequest(1000, NO_DEPS, 0, block(2)));

        assertEquals(List.of("reply WriteAck 1000"), trace.events());
        assertTrue(((WriteAck) trace.lastReply()).error().contains("already"));
        assertArrayEquals(block(1), region.read(0, 1));
    }

    @Test
    void shouldRefuseAJobThatDependsOnItselfRatherThanWaitForever() {
        activate();
        core.apply(new FlushRequest(1000, DependencyRange.of(999, 1000), 1, 1));

        assertEquals(List.of("reply FlushAck 1000"), trace.events());
        assertTrue(((FlushAck) trace.lastReply()).error().contains("must be earlier job ids"));
        assertEquals(0, core.pendingJobCount());
    }

    @Test
    void shouldDropTheOldUpstairsWorkWhenAnotherUpstairsTakesOver() {
        activate();
        core.apply(new WriteRequest(1000, NO_DEPS, 0, block(1)));
        core.apply(new ReadRequest(1002, DependencyRange.of(1001, 1001), 0, 1));
        assertEquals(1, core.pendingJobCount());

        core.apply(new PromoteToActive(UPSTAIRS_ID + 1));

        assertEquals(new YouAreNowActive(UPSTAIRS_ID + 1), trace.lastReply());
        assertEquals(0, core.pendingJobCount());
        assertEquals(0, core.completedSinceLastFlushCount());
        // The new upstairs numbers from 1000 again; that id must not count as a duplicate.
        core.apply(new ReadRequest(1000, NO_DEPS, 0, 1));
        assertArrayEquals(block(1), ((ReadResponse) trace.lastReply()).data());
    }

    @Test
    void shouldKeepItsWorkWhenTheSameUpstairsPromotesAgain() {
        activate();
        core.apply(new ReadRequest(1001, DependencyRange.of(1000, 1000), 0, 1));
        core.apply(new PromoteToActive(UPSTAIRS_ID));
        assertEquals(1, core.pendingJobCount());
    }

    @Test
    void shouldHoldAJobBetweenOsStartAndOsDoneForItsServiceTime() {
        ProbeRegistry timedProbes = new ProbeRegistry();
        timedProbes.enable("crucible_downstairs*:::", trace);
        long serviceTimeNs = 250_000;
        DownstairsCore timed = new DownstairsCore(DownstairsConfig.of(INSTANCE_ID, REGION),
                Region.sparseInMemory(REGION), clock, timedProbes, trace,
                (op, jobId, ioSizeBytes) -> serviceTimeNs);
        timed.apply(new PromoteToActive(UPSTAIRS_ID));
        trace.clear();

        timed.apply(new WriteRequest(1000, NO_DEPS, 0, block(1)));
        timed.apply(new ReadRequest(1001, DependencyRange.of(1000, 1000), 0, 1));

        assertEquals(List.of("submit-write-start 1000", "os-write-start 1000", "submit-read-start 1001"),
                trace.events());
        assertTrue(timed.isBusy());
        assertEquals(clock.nanoTime() + serviceTimeNs, timed.busyUntilNs());

        clock.advance(serviceTimeNs - 1);
        assertFalse(timed.poll());
        clock.advance(1);
        assertTrue(timed.poll());

        assertEquals(List.of("submit-write-start 1000", "os-write-start 1000", "submit-read-start 1001",
                "os-write-done 1000", "submit-write-done 1000", "reply WriteAck 1000", "os-read-start 1001"),
                trace.events());
        assertEquals(serviceTimeNs, trace.timestampNsOf("os-write-done 1000") - trace.timestampNsOf("os-write-start 1000"));

        clock.advance(serviceTimeNs);
        assertTrue(timed.poll());
        assertFalse(timed.isBusy());
        assertArrayEquals(block(1), ((ReadResponse) trace.lastReply()).data());
    }

    @Test
    void shouldRefuseARegionThatDoesNotMatchItsConfiguration() {
        Region other = Region.sparseInMemory(new RegionDefinition(BLOCK_BYTES, 8, 5));
        assertThrows(IllegalArgumentException.class, () -> new DownstairsCore(
                DownstairsConfig.of(INSTANCE_ID, REGION), other, clock, new ProbeRegistry(), trace));
    }

    @Test
    void shouldTakeJobsSentAgainAfterLastFlushAsNewWork() {
        activate();
        core.apply(new WriteRequest(1000, NO_DEPS, 0, block(1)));
        core.apply(new FlushRequest(1001, DependencyRange.of(1000, 1000), 1, 1));
        core.apply(new WriteRequest(1002, DependencyRange.of(1000, 1001), 1, block(2)));
        core.apply(new WriteRequest(1002, DependencyRange.of(1000, 1001), 1, block(2)));
        assertTrue(trace.lastReply() instanceof WriteAck ack && ack.error() != null
                && ack.error().contains("already queued, running or completed"), "a repeat before LastFlush: "
                + trace.lastReply());

        core.apply(new LastFlush(1001));
        assertEquals(new LastFlushAck(1001), trace.lastReply());
        assertEquals(1001, core.lastFlushJobId());
        assertEquals(0, core.completedSinceLastFlushCount(), "what came after the flush is forgotten");
        core.apply(new WriteRequest(1002, DependencyRange.of(1000, 1001), 1, block(3)));
        assertEquals(new WriteAck(1002, null), trace.lastReply(), "the replayed job runs again");
        assertArrayEquals(block(3), region.read(1, 1));
        core.apply(new WriteRequest(1001, NO_DEPS, 2, block(4)));
        assertTrue(trace.lastReply() instanceof WriteAck ack && ack.error() != null,
                "a job at or before the last flush is still a repeat");
    }

    private void activate() {
        core.apply(new HereIAm(ProtocolVersion.CURRENT, UPSTAIRS_ID));
        core.apply(new PromoteToActive(UPSTAIRS_ID));
        trace.clear();
    }

    private static byte[] block(int value) {
        byte[] data = new byte[BLOCK_BYTES];
        Arrays.fill(data, (byte) value);
        return data;
    }
}
