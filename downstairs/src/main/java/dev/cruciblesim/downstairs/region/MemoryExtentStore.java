package dev.cruciblesim.downstairs.region;

import dev.cruciblesim.sim.protocol.RegionDefinition;

import java.util.Objects;
import java.util.UUID;

/**
 * What the in-memory stores share: the region's geometry and the per-extent metadata ({@link ExtentMetadata}), so
 * that flushes and start-up negotiation behave the same whether the blocks hold bytes or stamps. Memory is as durable
 * as these stores get: a flush changes only the metadata.
 */
abstract class MemoryExtentStore implements ExtentStore {
    final RegionDefinition definition;
    final ExtentMetadata extents;
    private final UUID regionUuid;

    MemoryExtentStore(RegionDefinition definition, UUID regionUuid) {
        this.definition = Objects.requireNonNull(definition, "definition");
        this.regionUuid = Objects.requireNonNull(regionUuid, "regionUuid");
        this.extents = new ExtentMetadata(definition.extentCount());
    }

    @Override
    public final UUID regionUuid() {
        return regionUuid;
    }

    @Override
    public final RegionDefinition definition() {
        return definition;
    }

    @Override
    public final void flush(int extent, long flushNumber, long generation) {
        extents.flush(extent, flushNumber, generation);
    }

    @Override
    public final void flushDirty(long flushNumber, long generation) {
        extents.flushDirty(flushNumber, generation);
    }

    @Override
    public final long flushNumber(int extent) {
        return extents.flushNumber(extent);
    }

    @Override
    public final long generation(int extent) {
        return extents.generation(extent);
    }

    @Override
    public final boolean isDirty(int extent) {
        return extents.isDirty(extent);
    }
}
