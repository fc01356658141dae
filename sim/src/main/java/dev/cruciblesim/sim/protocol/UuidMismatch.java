package dev.cruciblesim.sim.protocol;

import java.util.Objects;
import java.util.UUID;

/**
 * The downstairs refuses a {@link HereIAm} that expected another region: it serves {@code regionUuid}. Crucible's
 * O sends it for an upstairs id other than the negotiated one; here upstairs ids are checked at promotion, and the
 * message guards the region instead, as H's upstairs does with {@code RegionInfo}.
 */
public record UuidMismatch(UUID regionUuid) implements Message.ToUpstairs {
    public UuidMismatch {
        Objects.requireNonNull(regionUuid, "regionUuid");
    }
}
