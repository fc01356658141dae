package dev.cruciblesim.downstairs;

import dev.cruciblesim.sim.protocol.RegionDefinition;

import java.util.Objects;

/**
 * Everything that configures one downstairs, validated at construction and printable into reports.
 *
 * @param instanceId         the id its probes carry, in the role of DTrace's {@code pid}; unique per probe registry
 * @param region             the region's geometry
 * @param inboxRingSize      slots in the in-process runtime's inbox ring, a power of two; O's flow
 *                           control keeps at most 100 jobs in flight per downstairs, so 1024 never fills
 * @param inboxWaitStrategy  how the in-process runtime's thread waits for messages
 * @param closeTimeoutMs     how long {@code close()} waits for the inbox to drain and the thread to end
 * @param writeStallTimeoutMs how long a TCP server lets one reply's write block on a peer that does not read before
 *                           it closes that connection, so that one such peer cannot stall the others
 * @param faults             the switches a fault injector turns on this downstairs while it runs, or null for a
 *                           downstairs no fault is injected into (the core then checks nothing per job); the one
 *                           mutable thing here, shared by reference between the injector and the core
 */
public record DownstairsConfig(long instanceId, RegionDefinition region, int inboxRingSize,
        InboxWaitStrategy inboxWaitStrategy, long closeTimeoutMs, long writeStallTimeoutMs,
        DownstairsFaults faults) {
    /** Crucible's usual block size. */
    public static final int DEFAULT_BLOCK_SIZE_BYTES = 4096;
    public static final int DEFAULT_INBOX_RING_SIZE = 1024;
    /** Bounds a ring at 1 Mi slots, 8 MiB of references: far beyond any sensible queue depth. */
    public static final int MAX_INBOX_RING_SIZE = 1 << 20;
    public static final long DEFAULT_CLOSE_TIMEOUT_MS = 5_000;
    /** Crucible O's IO-loop keepalive interval: a peer silent on reading that long is not coming back soon. */
    public static final long DEFAULT_WRITE_STALL_TIMEOUT_MS = 10_000;

    public DownstairsConfig {
        if (instanceId < 0) {
            throw new IllegalArgumentException("downstairs instance id must not be negative, got " + instanceId);
        }
        Objects.requireNonNull(region, "region");
        if (inboxRingSize < 1 || inboxRingSize > MAX_INBOX_RING_SIZE || Integer.bitCount(inboxRingSize) != 1) {
            throw new IllegalArgumentException("downstairs " + instanceId + ": inbox ring size must be a power of two"
                    + " from 1 to " + MAX_INBOX_RING_SIZE + ", got " + inboxRingSize);
        }
        Objects.requireNonNull(inboxWaitStrategy, "inboxWaitStrategy");
        if (closeTimeoutMs <= 0) {
            throw new IllegalArgumentException("downstairs " + instanceId + ": close timeout must be positive, got "
                    + closeTimeoutMs + " ms");
        }
        if (writeStallTimeoutMs <= 0) {
            throw new IllegalArgumentException("downstairs " + instanceId + ": write stall timeout must be positive, "
                    + "got " + writeStallTimeoutMs + " ms");
        }
    }

    /** @return a configuration with the default inbox ring, blocking wait and timeouts */
    public static DownstairsConfig of(long instanceId, RegionDefinition region) {
        return new DownstairsConfig(instanceId, region, DEFAULT_INBOX_RING_SIZE, InboxWaitStrategy.BLOCKING,
                DEFAULT_CLOSE_TIMEOUT_MS, DEFAULT_WRITE_STALL_TIMEOUT_MS, null);
    }

    /** @return the geometry of {@code extentCount} extents of {@code extentSizeBlocks} blocks of 4096 bytes */
    public static RegionDefinition defaultBlockRegion(int extentSizeBlocks, int extentCount) {
        return new RegionDefinition(DEFAULT_BLOCK_SIZE_BYTES, extentSizeBlocks, extentCount);
    }

    public DownstairsConfig withInboxRingSize(int ringSize) {
        return new DownstairsConfig(instanceId, region, ringSize, inboxWaitStrategy, closeTimeoutMs,
                writeStallTimeoutMs, faults);
    }

    public DownstairsConfig withInboxWaitStrategy(InboxWaitStrategy waitStrategy) {
        return new DownstairsConfig(instanceId, region, inboxRingSize, waitStrategy, closeTimeoutMs,
                writeStallTimeoutMs, faults);
    }

    public DownstairsConfig withCloseTimeoutMs(long timeoutMs) {
        return new DownstairsConfig(instanceId, region, inboxRingSize, inboxWaitStrategy, timeoutMs,
                writeStallTimeoutMs, faults);
    }

    public DownstairsConfig withWriteStallTimeoutMs(long timeoutMs) {
        return new DownstairsConfig(instanceId, region, inboxRingSize, inboxWaitStrategy, closeTimeoutMs, timeoutMs,
                faults);
    }

    /** @param downstairsFaults the switches an injector will turn on this downstairs, or null for none */
    public DownstairsConfig withFaults(DownstairsFaults downstairsFaults) {
        return new DownstairsConfig(instanceId, region, inboxRingSize, inboxWaitStrategy, closeTimeoutMs,
                writeStallTimeoutMs, downstairsFaults);
    }
}
