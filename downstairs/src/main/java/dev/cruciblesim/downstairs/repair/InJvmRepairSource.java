package dev.cruciblesim.downstairs.repair;

import dev.cruciblesim.downstairs.region.ExtentImage;
import dev.cruciblesim.downstairs.region.Region;
import dev.cruciblesim.downstairs.region.RegionException;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;

/**
 * The three downstairs share a JVM (in-process threads or virtual time): the destination reads the source's region
 * directly, by client id; the repair address (port 0) is not used. Deterministic, with no thread and no clock of its
 * own, so virtual time stays reproducible.
 *
 * <p>Threading: the read runs on the destination's thread while the source's thread, if it has one, is idle on this
 * extent: the source closed it and acknowledged that through the upstairs before the destination was told to copy,
 * and that chain of hand-offs (the source's reply, the upstairs' inbox, the destination's inbox) orders the source's
 * last writes before this read. {@link Region#readExtentImage} refuses an extent that is open. Destinations copying
 * from the same source at once (in-process threads) are serialised on the source region.
 */
public final class InJvmRepairSource implements RepairSource {
    private final List<Region> regionsByClientId;

    /** @param regionsByClientId every downstairs' region, indexed by the upstairs' client id */
    public InJvmRepairSource(List<Region> regionsByClientId) {
        this.regionsByClientId = List.copyOf(Objects.requireNonNull(regionsByClientId, "regionsByClientId"));
    }

    @Override
    public ExtentImage fetch(int sourceClientId, InetSocketAddress sourceRepairAddress, int extent) {
        if (sourceClientId < 0 || sourceClientId >= regionsByClientId.size()) {
            throw new RepairException("no downstairs client " + sourceClientId + " in this JVM to copy extent "
                    + extent + " from (clients 0 to " + (regionsByClientId.size() - 1) + ")");
        }
        Region source = regionsByClientId.get(sourceClientId);
        try {
            // Two destinations copy from one source at once, each on its own thread, and a store is single-threaded
            // (a file store reads through one reused buffer): the copies of one source take turns. Repair only; the
            // source's own thread does not touch the extent meanwhile (see the class comment).
            synchronized (source) {
                return source.readExtentImage(extent);
            }
        } catch (RegionException e) {
            throw new RepairException("source client " + sourceClientId + ": " + e.getMessage(), e);
        }
    }
}
