package dev.cruciblesim.downstairs.repair;

import dev.cruciblesim.downstairs.region.ExtentImage;

import java.net.InetSocketAddress;

/**
 * Where a downstairs told to repair an extent ({@code ExtentRepair}) gets the source's copy of it. Crucible's
 * destination fetches the extent's files from the source's repair server; here that is {@link TcpRepairSource}, and
 * {@link InJvmRepairSource} reads the source region directly when the three downstairs share a JVM (in-process and
 * virtual time), so that the copy is the same code path on the destination either way.
 *
 * <p>Called on the thread that runs the destination's core, inside its {@code apply}: reconciliation happens before
 * the upstairs is active, when no IO is waiting, so the copy may block that thread for as long as the source takes
 * (bounded by the implementation's timeouts). The source's extent is closed ({@code ExtentClose}) and flushed
 * ({@code ExtentFlush}) before it is asked, and the upstairs sends it nothing else until every destination has
 * answered, so the extent does not change under the copy.
 */
@FunctionalInterface
public interface RepairSource {
    /** For a downstairs that has no way to reach a peer: every fetch fails, saying so. */
    RepairSource NONE = (sourceClientId, sourceRepairAddress, extent) -> {
        throw new RepairException("this downstairs cannot fetch extents from a peer (no repair source configured)");
    };

    /**
     * @param sourceClientId      the upstairs' client id of the source downstairs
     * @param sourceRepairAddress where the source's repair server listens, as its {@code YesItsMe} said
     * @return the source's whole extent, its data and the numbers it was flushed with
     * @throws RepairException when the source cannot be reached or answers with an error or a malformed copy
     */
    ExtentImage fetch(int sourceClientId, InetSocketAddress sourceRepairAddress, int extent);
}
