package dev.cruciblesim.upstairs.core;

import dev.cruciblesim.sim.protocol.ExtentVersions;
import dev.cruciblesim.sim.protocol.ExtentVersionsPlease;
import dev.cruciblesim.sim.protocol.FlushRequest;
import dev.cruciblesim.sim.protocol.HereIAm;
import dev.cruciblesim.sim.protocol.PromoteToActive;
import dev.cruciblesim.sim.protocol.RegionDefinition;
import dev.cruciblesim.sim.protocol.RegionInfo;
import dev.cruciblesim.sim.protocol.RegionInfoPlease;
import dev.cruciblesim.sim.protocol.UuidMismatch;
import dev.cruciblesim.sim.protocol.VersionMismatch;
import dev.cruciblesim.sim.protocol.YesItsMe;
import dev.cruciblesim.sim.protocol.YouAreNowActive;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static dev.cruciblesim.upstairs.core.UpstairsFixture.REGION;
import static dev.cruciblesim.upstairs.core.UpstairsFixture.UPSTAIRS_ID;
import static dev.cruciblesim.upstairs.core.UpstairsFixture.regionUuid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Negotiation with the three downstairs, up to Active or a fatal error (spec §6.1, §7.4). */
class UpstairsCoreStartupTest {
    private final UpstairsFixture f = new UpstairsFixture();

    @Test
    void shouldEnableEveryUpstairsProbe() {
        assertEquals(UpstairsFixture.UPSTAIRS_PROBE_COUNT, f.probesMatched);
    }

    @Test
    void shouldGoFromNewThroughWaitActiveAndWaitQuorumToActive() {
        f.core.apply(UpstairsInput.CONNECT);
        for (int c = 0; c < 3; c++) {
            assertEquals(DsState.NEW, f.core.dsState(c));
            assertEquals(List.of(new HereIAm(1, UPSTAIRS_ID)), f.ds(c).sent());
        }

        for (int c = 0; c < 3; c++) {
            f.core.apply(UpstairsInput.reply(c, new YesItsMe(1)));
            assertEquals(DsState.WAIT_ACTIVE, f.core.dsState(c));
            assertEquals(1, f.ds(c).sent().size(), "no promotion before the guest activates");
        }

        f.core.apply(UpstairsInput.ACTIVATE);
        for (int c = 0; c < 3; c++) {
            assertEquals(new PromoteToActive(UPSTAIRS_ID), f.ds(c).sent().get(1));
        }

        for (int c = 0; c < 3; c++) {
            f.core.apply(UpstairsInput.reply(c, new YouAreNowActive(UPSTAIRS_ID)));
            assertEquals(new RegionInfoPlease(), f.ds(c).sent().get(2));
            f.core.apply(UpstairsInput.reply(c, new RegionInfo(REGION, regionUuid(c))));
            assertEquals(new ExtentVersionsPlease(), f.ds(c).sent().get(3));
            assertEquals(DsState.WAIT_ACTIVE, f.core.dsState(c));
        }

        f.core.apply(UpstairsInput.reply(0, UpstairsFixture.zeroExtentVersions()));
        f.core.apply(UpstairsInput.reply(1, UpstairsFixture.zeroExtentVersions()));
        assertEquals(DsState.WAIT_QUORUM, f.core.dsState(0));
        assertEquals(DsState.WAIT_QUORUM, f.core.dsState(1));
        assertEquals(DsState.WAIT_ACTIVE, f.core.dsState(2));
        assertFalse(f.core.isActive());
        assertNull(f.core.region());
        assertTrue(f.listener.activations.isEmpty());
        assertTrue(f.probes.named("up-status").isEmpty());

        f.core.apply(UpstairsInput.reply(2, UpstairsFixture.zeroExtentVersions()));
        for (int c = 0; c < 3; c++) {
            assertEquals(DsState.ACTIVE, f.core.dsState(c));
            assertEquals(4, f.ds(c).sent().size(), "nothing more is sent on activation");
        }
        assertTrue(f.core.isActive());
        assertEquals(REGION, f.core.region());
        assertEquals(List.of(REGION), f.listener.activations);
        assertTrue(f.listener.fatals.isEmpty());
    }

    @Test
    void shouldFireUpStatusStartWhenActive() {
        f.clock.update(7_000);
        f.core.apply(UpstairsInput.CONNECT);
        f.core.apply(UpstairsInput.ACTIVATE);
        for (int c = 0; c < 3; c++) {
            f.core.apply(UpstairsInput.reply(c, new YesItsMe(1)));
            f.core.apply(UpstairsInput.reply(c, new YouAreNowActive(UPSTAIRS_ID)));
            f.core.apply(UpstairsInput.reply(c, new RegionInfo(REGION, regionUuid(c))));
            f.core.apply(UpstairsInput.reply(c, UpstairsFixture.zeroExtentVersions()));
        }

        assertEquals(List.of("up-status"), f.probes.firings().stream().map(ProbeRecorder.Firing::name).toList());
        ProbeRecorder.Firing status = f.probes.firings().get(0);
        assertEquals("start", status.str0());
        assertEquals("{\"ok\":{\"up_count\":0,\"ds_count\":0,\"ds_state\":[\"Active\",\"Active\",\"Active\"]}}",
                status.str1());
        assertEquals(7_000, status.timestampNs());
    }

    @Test
    void shouldPromoteAClientThatAnswersAfterTheGuestActivated() {
        f.core.apply(UpstairsInput.CONNECT);
        f.core.apply(UpstairsInput.ACTIVATE);
        assertEquals(1, f.ds(0).sent().size(), "nobody has answered yet, so nobody is promoted");

        f.core.apply(UpstairsInput.reply(0, new YesItsMe(1)));

        assertEquals(new PromoteToActive(UPSTAIRS_ID), f.ds(0).sent().get(1));
        assertEquals(1, f.ds(1).sent().size());
    }

    @Test
    void shouldTakeFlushNumberAndGenerationFromTheHighestOnDisk() {
        long[] gens = new long[REGION.extentCount()];
        long[] flushes = new long[REGION.extentCount()];
        gens[3] = 4;
        flushes[9] = 17;
        f.activate(new ExtentVersions(gens, flushes, new boolean[REGION.extentCount()]));

        assertEquals(18, f.core.nextFlushNumber());
        assertEquals(5, f.core.generation());
        f.flush();
        FlushRequest request = f.ds(0).request(1000, FlushRequest.class);
        assertEquals(18, request.flushNumber());
        assertEquals(5, request.generation());
        assertEquals(19, f.core.nextFlushNumber());
    }

    @Test
    void shouldFailWhenADownstairsAnswersWithAnotherProtocolVersion() {
        f.core.apply(UpstairsInput.CONNECT);
        f.core.apply(UpstairsInput.reply(0, new YesItsMe(1)));
        f.core.apply(UpstairsInput.reply(1, new YesItsMe(2)));

        assertEquals(DsState.BAD_VERSION, f.core.dsState(1));
        assertEquals(1, f.listener.fatals.size());
        String message = f.listener.fatals.get(0);
        assertTrue(message.contains("client 1") && message.contains("version 2"), message);
        assertEquals(message, f.core.fatalError());
        assertFalse(f.core.isActive());
    }

    @Test
    void shouldFailWhenADownstairsRefusesOurProtocolVersion() {
        f.core.apply(UpstairsInput.CONNECT);
        f.core.apply(UpstairsInput.reply(2, new VersionMismatch(7)));

        assertEquals(DsState.BAD_VERSION, f.core.dsState(2));
        assertEquals(1, f.listener.fatals.size());
        String message = f.listener.fatals.get(0);
        assertTrue(message.contains("client 2") && message.contains("version 7") && message.contains("we speak 1"),
                message);
    }

    @Test
    void shouldAskEachClientForItsConfiguredRegion() {
        UpstairsFixture pinned = new UpstairsFixture(UpstairsConfig.revisionO(UPSTAIRS_ID)
                .withRegionUuids(List.of(regionUuid(0), regionUuid(1), regionUuid(2))));
        pinned.core.apply(UpstairsInput.CONNECT);
        for (int c = 0; c < 3; c++) {
            assertEquals(List.of(new HereIAm(1, UPSTAIRS_ID, regionUuid(c))), pinned.ds(c).sent());
        }
    }

    @Test
    void shouldDisableAClientWhoseDownstairsServesAnotherRegionAndFail() {
        UpstairsFixture pinned = new UpstairsFixture(UpstairsConfig.revisionO(UPSTAIRS_ID)
                .withRegionUuids(List.of(regionUuid(0), regionUuid(1), regionUuid(2))));
        pinned.core.apply(UpstairsInput.CONNECT);
        UUID stranger = new UUID(9, 9);
        pinned.core.apply(UpstairsInput.reply(1, new UuidMismatch(stranger)));

        assertEquals(DsState.DISABLED, pinned.core.dsState(1));
        assertEquals(List.of("downstairs client 1 serves region " + stranger + ", not region " + regionUuid(1)
                + " (UuidMismatch)"), pinned.listener.fatals);
        assertFalse(pinned.core.isActive());
    }

    @Test
    void shouldFailWhenRegionInfoNamesAnotherRegionThanTheOneAskedFor() {
        UpstairsFixture pinned = new UpstairsFixture(UpstairsConfig.revisionO(UPSTAIRS_ID)
                .withRegionUuids(List.of(regionUuid(0), regionUuid(1), regionUuid(2))));
        pinned.core.apply(UpstairsInput.CONNECT);
        pinned.core.apply(UpstairsInput.ACTIVATE);
        pinned.core.apply(UpstairsInput.reply(2, new YesItsMe(1)));
        pinned.core.apply(UpstairsInput.reply(2, new YouAreNowActive(UPSTAIRS_ID)));
        pinned.core.apply(UpstairsInput.reply(2, new RegionInfo(REGION, regionUuid(0))));

        assertEquals(DsState.BAD_REGION, pinned.core.dsState(2));
        assertEquals(List.of("downstairs client 2 reported region " + regionUuid(0) + ", not region " + regionUuid(2)
                + " that it was asked for"), pinned.listener.fatals);
        assertFalse(pinned.ds(2).sent().contains(new ExtentVersionsPlease()), "a wrong region goes no further");
    }

    @Test
    void shouldRefuseAConfigurationWithoutOneRegionUuidPerClient() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> UpstairsConfig.revisionO(UPSTAIRS_ID).withRegionUuids(List.of(regionUuid(0))));
        assertEquals("one region UUID per client (3) is needed, got 1", e.getMessage());
    }

    @Test
    void shouldFailWhenDownstairsRegionsDiffer() {
        RegionDefinition smallBlocks = new RegionDefinition(512, 100, 15);
        f.core.apply(UpstairsInput.CONNECT);
        f.core.apply(UpstairsInput.ACTIVATE);
        for (int c = 0; c < 3; c++) {
            f.core.apply(UpstairsInput.reply(c, new YesItsMe(1)));
            f.core.apply(UpstairsInput.reply(c, new YouAreNowActive(UPSTAIRS_ID)));
        }
        f.core.apply(UpstairsInput.reply(0, new RegionInfo(REGION, regionUuid(0))));
        f.core.apply(UpstairsInput.reply(1, new RegionInfo(smallBlocks, regionUuid(1))));

        assertEquals(DsState.BAD_REGION, f.core.dsState(1));
        assertEquals(1, f.listener.fatals.size());
        String message = f.listener.fatals.get(0);
        assertTrue(message.contains("client 1") && message.contains("client 0"), message);
        assertTrue(message.contains(REGION.toString()) && message.contains(smallBlocks.toString()), message);
        assertFalse(f.ds(1).sent().contains(new ExtentVersionsPlease()), "a bad region goes no further");
        assertFalse(f.core.isActive());
    }

    @Test
    void shouldFailWhenADownstairsActivatedAnotherUpstairs() {
        f.core.apply(UpstairsInput.CONNECT);
        f.core.apply(UpstairsInput.ACTIVATE);
        f.core.apply(UpstairsInput.reply(0, new YesItsMe(1)));
        f.core.apply(UpstairsInput.reply(0, new YouAreNowActive(UPSTAIRS_ID + 1)));

        assertEquals(DsState.DISABLED, f.core.dsState(0));
        String message = f.core.fatalError();
        assertTrue(message.contains("client 0") && message.contains(String.valueOf(UPSTAIRS_ID + 1)), message);
        assertFalse(f.ds(0).sent().contains(new RegionInfoPlease()));
    }

    @Test
    void shouldReportOnlyTheFirstFatalError() {
        f.core.apply(UpstairsInput.CONNECT);
        f.core.apply(UpstairsInput.reply(0, new YesItsMe(3)));
        f.core.apply(UpstairsInput.reply(1, new VersionMismatch(9)));

        assertEquals(1, f.listener.fatals.size());
        assertTrue(f.core.fatalError().contains("client 0"), f.core.fatalError());
    }
}
