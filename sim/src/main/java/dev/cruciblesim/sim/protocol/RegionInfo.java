package dev.cruciblesim.sim.protocol;

import java.util.Objects;
import java.util.UUID;

/**
 * The region's geometry, so the upstairs can check that all three downstairs agree, and its UUID, so the upstairs
 * can ask for the same region again when it reconnects.
 */
public record RegionInfo(RegionDefinition region, UUID regionUuid) implements Message.ToUpstairs {
    public RegionInfo {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(regionUuid, "regionUuid");
    }
}
