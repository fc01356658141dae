package dev.cruciblesim.sim.protocol;

import java.util.Objects;
import java.util.UUID;

/**
 * First message on a new connection: the upstairs names itself, its protocol version, and the region it expects to
 * find there. A downstairs serving another region answers {@link UuidMismatch}; {@link #ANY_REGION} (the nil UUID)
 * expects none, for a first contact that learns the region's UUID from {@link RegionInfo}.
 */
public record HereIAm(int version, long upstairsId, UUID regionUuid) implements Message.ToDownstairs {
    /** The nil UUID: no region is expected, so none is refused. */
    public static final UUID ANY_REGION = new UUID(0, 0);

    public HereIAm {
        Objects.requireNonNull(regionUuid, "regionUuid");
    }

    /** A first contact that expects no particular region. */
    public HereIAm(int version, long upstairsId) {
        this(version, upstairsId, ANY_REGION);
    }

    /** @return whether a downstairs serving {@code served} may answer this hello */
    public boolean accepts(UUID served) {
        return ANY_REGION.equals(regionUuid) || regionUuid.equals(served);
    }
}
