package dev.cruciblesim.upstairs.core;

import dev.cruciblesim.sim.protocol.ErrorReport;
import dev.cruciblesim.sim.protocol.ExtentClose;
import dev.cruciblesim.sim.protocol.ExtentError;
import dev.cruciblesim.sim.protocol.ExtentFlush;
import dev.cruciblesim.sim.protocol.ExtentReopen;
import dev.cruciblesim.sim.protocol.ExtentRepair;
import dev.cruciblesim.sim.protocol.ExtentVersions;
import dev.cruciblesim.sim.protocol.FlushRequest;
import dev.cruciblesim.sim.protocol.Message;
import dev.cruciblesim.sim.protocol.RegionInfo;
import dev.cruciblesim.sim.protocol.RepairAckId;
import dev.cruciblesim.sim.protocol.YesItsMe;
import dev.cruciblesim.sim.protocol.YouAreNowActive;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import static dev.cruciblesim.upstairs.core.UpstairsFixture.REGION;
import static dev.cruciblesim.upstairs.core.UpstairsFixture.UPSTAIRS_ID;
import static dev.cruciblesim.upstairs.core.UpstairsFixture.regionUuid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Start-up reconciliation (O, §5.4 and §6.1): which client each bad extent is repaired from, the four steps per
 * extent, each waiting for every acknowledgement, and the ends: Active with the right numbers, or FailedRepair. No
 * threads: the test answers for the three fake downstairs.
 */
class UpstairsCoreReconciliationTest {
    private static final int EXTENTS = REGION.extentCount();
    private final UpstairsFixture f = new UpstairsFixture();

    /** Per client: generation, flush number and dirty bit of every extent, all 0 and clean until set. */
    private final long[][] generations = new long[3][EXTENTS];
    private final long[][] flushes = new long[3][EXTENTS];
    private final boolean[][] dirty = new boolean[3][EXTENTS];

    private static InetSocketAddress repairAddress(int clientId) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 8810 + clientId);
    }

    private ExtentVersions versions(int clientId) {
        return new ExtentVersions(generations[clientId], flushes[clientId], dirty[clientId]);
    }

    /** Negotiates all three to WaitQuorum with the versions set up; the last ExtentVersions collates. */
    private void negotiate() {
        f.core.apply(UpstairsInput.CONNECT);
        f.core.apply(UpstairsInput.ACTIVATE);
        for (int c = 0; c < 3; c++) {
            f.core.apply(UpstairsInput.reply(c, new YesItsMe(1, repairAddress(c))));
            f.core.apply(UpstairsInput.reply(c, new YouAreNowActive(UPSTAIRS_ID)));
            f.core.apply(UpstairsInput.reply(c, new RegionInfo(REGION, regionUuid(c))));
        }
        f.forgetRecorded();
        for (int c = 0; c < 3; c++) {
            f.core.apply(UpstairsInput.reply(c, versions(c)));
        }
    }

    /** @return the reconciliation messages client {@code clientId} was sent, oldest first */
    private List<Message.ToDownstairs> steps(int clientId) {
        List<Message.ToDownstairs> steps = new ArrayList<>();
        for (Message.ToDownstairs message : f.ds(clientId).sent()) {
            if (message instanceof ExtentFlush || message instanceof ExtentClose || message instanceof ExtentRepair
                    || message instanceof ExtentReopen) {
                steps.add(message);
            }
        }
        return steps;
    }

    private void ack(int clientId, long repairId) {
        f.core.apply(UpstairsInput.reply(clientId, new RepairAckId(repairId)));
    }

    private void ackAll(long repairId, int... clientIds) {
        for (int c : clientIds) {
            ack(c, repairId);
        }
    }

    /** @return the source the core picked for the one bad extent, from the ExtentFlush it sent */
    private int sourcePicked() {
        negotiate();
        int source = -1;
        for (int c = 0; c < 3; c++) {
            if (!steps(c).isEmpty()) {
                assertEquals(-1, source, "ExtentFlush goes to the source alone");
                source = c;
            }
        }
        return source;
    }

    @Test
    void shouldRepairFromTheHighestGenerationFirst() {
        generations[0][2] = 3;
        flushes[1][2] = 9; // a higher flush number loses to a higher generation
        dirty[2][2] = true;
        assertEquals(0, sourcePicked());
    }

    @Test
    void shouldRepairFromTheHighestFlushNumberAtEqualGenerations() {
        flushes[0][2] = 4;
        flushes[2][2] = 5;
        dirty[1][2] = true;
        assertEquals(2, sourcePicked());
    }

    @Test
    void shouldRepairFromADirtyClientAtEqualNumbers() {
        flushes[0][2] = 4;
        flushes[1][2] = 4;
        flushes[2][2] = 4;
        dirty[1][2] = true;
        assertEquals(1, sourcePicked());
    }

    @Test
    void shouldRepairFromTheLowestClientIdWhenAllElseIsEqual() {
        dirty[1][2] = true;
        dirty[2][2] = true;
        assertEquals(1, sourcePicked());
    }

    @Test
    void shouldGoActiveWithoutRepairWhenAllAgreeAndAreClean() {
        flushes[0][5] = 7;
        flushes[1][5] = 7;
        flushes[2][5] = 7;
        negotiate();
        assertTrue(f.core.isActive());
        assertEquals(8, f.core.nextFlushNumber());
        for (int c = 0; c < 3; c++) {
            assertTrue(steps(c).isEmpty());
        }
    }

    @Test
    void shouldSendTheFourStepsPerBadExtentInOrderWaitingForEveryAckThenGoActive() {
        // Extent 1: client 2 is ahead (flush 6); client 1 matches it, so only client 0 copies.
        flushes[1][1] = 6;
        flushes[2][1] = 6;
        generations[2][1] = 0;
        // Extent 4: client 0 has the newest generation and is dirty: both others copy from it.
        generations[0][4] = 2;
        flushes[0][4] = 3;
        dirty[0][4] = true;
        negotiate();

        for (int c = 0; c < 3; c++) {
            assertEquals(DsState.REPAIR, f.core.dsState(c));
        }
        assertTrue(f.core.isReconciling());
        assertFalse(f.core.isActive());
        String repairing = f.probes.named("up-status").get(0).str1();
        assertTrue(repairing.contains("\"ds_state\":[\"Repair\",\"Repair\",\"Repair\"]"), repairing);

        // Extent 1, source client 1 (equal to client 2 and the lower id), destination client 0.
        assertEquals(List.of(new ExtentFlush(1, 1, 1, 6, 0)), steps(1));
        assertTrue(steps(0).isEmpty() && steps(2).isEmpty());
        ack(1, 1);
        for (int c = 0; c < 3; c++) {
            assertEquals(new ExtentClose(2, 1), steps(c).get(steps(c).size() - 1));
        }
        ackAll(2, 0, 1);
        assertEquals(1, steps(0).size(), "the repair waits for client 2's close too");
        ack(2, 2);
        assertEquals(new ExtentRepair(3, 1, 1, repairAddress(1), new int[] {0}), steps(0).get(1));
        assertEquals(1, steps(2).size(), "only the destination is sent the repair");
        ack(0, 3);
        ackAll(4, 0, 1);
        assertTrue(steps(0).get(steps(0).size() - 1) instanceof ExtentReopen);
        assertEquals(new ExtentReopen(4, 1), steps(2).get(1));
        ack(2, 4);

        // Extent 4, source client 0, destinations 1 and 2.
        assertEquals(new ExtentFlush(5, 4, 0, 3, 2), steps(0).get(steps(0).size() - 1));
        ack(0, 5);
        ackAll(6, 0, 1, 2);
        ExtentRepair repair = new ExtentRepair(7, 4, 0, repairAddress(0), new int[] {1, 2});
        assertEquals(repair, steps(1).get(steps(1).size() - 1));
        assertEquals(repair, steps(2).get(steps(2).size() - 1));
        ack(1, 7);
        assertFalse(f.core.isActive());
        ack(2, 7);
        ackAll(8, 0, 1);
        assertFalse(f.core.isActive(), "the last reopen waits for all three");
        ack(2, 8);

        assertTrue(f.core.isActive());
        assertFalse(f.core.isReconciling());
        assertEquals(2, f.core.reconciledExtents());
        assertEquals(1, f.listener.activations.size());
        for (int c = 0; c < 3; c++) {
            assertEquals(DsState.ACTIVE, f.core.dsState(c));
        }
        assertEquals(7, f.core.nextFlushNumber(), "one more than flush 6, the highest on any client");
        assertEquals(3, f.core.generation(), "one more than generation 2, the highest found");
        String active = f.probes.named("up-status").get(1).str1();
        assertTrue(active.contains("[\"Active\",\"Active\",\"Active\"]"), active);
        f.flush();
        assertEquals(7, f.ds(0).request(1000, FlushRequest.class).flushNumber());
    }

    @Test
    void shouldCountAnAckForAnotherStepOrFromAClientNotAskedAsUnexpected() {
        dirty[0][0] = true;
        negotiate();
        ack(1, 1); // ExtentFlush went to client 0 only
        ack(0, 2); // not the step in flight
        assertEquals(2, f.core.unexpectedReplies());
        assertEquals(1, steps(0).size(), "still waiting for the flush");
        ack(0, 1);
        assertEquals(new ExtentClose(2, 0), steps(1).get(0));
    }

    @Test
    void shouldFailTheActivationOnAnExtentErrorNamingTheStep() {
        dirty[2][3] = true;
        negotiate();
        ack(2, 1);
        f.core.apply(UpstairsInput.reply(1, new ExtentError(2, 3, "downstairs 11: disk on fire")));

        String message = f.core.fatalError();
        assertEquals("start-up reconciliation failed at ExtentClose of extent 3 (step 2 of 4, repair id 2): downstairs "
                + "client 1 answered: downstairs 11: disk on fire", message);
        assertEquals(List.of(message), f.listener.fatals);
        for (int c = 0; c < 3; c++) {
            assertEquals(DsState.FAILED_REPAIR, f.core.dsState(c));
        }
        assertTrue(f.listener.activations.isEmpty());
        ack(0, 2);
        ack(2, 2);
        assertEquals(1, steps(0).size(), "nothing more is sent");
        assertEquals(2, steps(2).size(), "nothing more is sent");
    }

    @Test
    void shouldFailTheActivationWhenAClientIsLostDuringRepair() {
        flushes[0][6] = 1;
        negotiate();
        ack(0, 1);
        f.core.apply(UpstairsInput.clientLost(2, "downstairs client 2: connection reset"));

        assertEquals("start-up reconciliation aborted at ExtentClose of extent 6 (step 2 of 4, repair id 2): "
                + "downstairs client 2 was lost: downstairs client 2: connection reset", f.core.fatalError());
        assertEquals(DsState.FAILED_REPAIR, f.core.dsState(0));
        assertEquals(DsState.FAILED_REPAIR, f.core.dsState(1));
        assertEquals(DsState.DISCONNECTED, f.core.dsState(2));
        assertFalse(f.core.isActive());
        String failed = f.probes.named("up-status").get(1).str1();
        assertTrue(failed.contains("[\"FailedRepair\",\"FailedRepair\",\"Disconnected\"]"), failed);
    }

    @Test
    void shouldFailTheActivationWhenADownstairsRefusesAStepWithAnErrorReport() {
        dirty[1][0] = true;
        negotiate();
        f.core.apply(UpstairsInput.reply(1, ErrorReport.ofConnection("downstairs 11: ExtentFlush is not supported")));
        assertTrue(f.core.fatalError().endsWith("downstairs client 1 refused: downstairs 11: ExtentFlush is not "
                + "supported"), f.core.fatalError());
    }

    @Test
    void shouldPlanOnlyTheExtentsThatDifferWithTheirDestinations() {
        flushes[0][0] = 2;
        flushes[1][0] = 2; // client 2 behind: the only destination
        dirty[1][9] = true; // the source is dirty: both others copy
        ExtentVersions[] all = {versions(0), versions(1), versions(2)};
        Reconciliation plan = new Reconciliation(all, new InetSocketAddress[] {repairAddress(0), repairAddress(1),
                repairAddress(2)}, 1);

        assertEquals(2, plan.badExtentCount());
        assertFalse(Reconciliation.needsRepair(all, 1));
        assertEquals(0, Reconciliation.sourceOf(all, 0));
        assertEquals(0b100, Reconciliation.destinationsOf(all, 0, 0));
        assertEquals(1, Reconciliation.sourceOf(all, 9));
        assertEquals(0b101, Reconciliation.destinationsOf(all, 9, 1));
        assertTrue(plan.advance());
        assertEquals(new ExtentFlush(1, 0, 0, 2, 0), plan.message());
    }
}
