package dev.cruciblesim.sim.protocol;

import java.util.Objects;

/** The region's geometry, so the upstairs can check that all three downstairs agree. */
public record RegionInfo(RegionDefinition region) implements Message.ToUpstairs {
    public RegionInfo {
        Objects.requireNonNull(region, "region");
    }
}
