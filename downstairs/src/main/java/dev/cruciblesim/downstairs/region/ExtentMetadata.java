package dev.cruciblesim.downstairs.region;

import java.util.Arrays;

/**
 * The per-extent metadata of an in-memory store (flush number, generation, dirty bit), with the dirty extents also
 * kept in a list, so that a flush visits the extents written since the last one rather than every extent of the
 * region: a 1 TiB region has 262,144 extents of 1024 blocks, and a flush after every 16 writes would otherwise
 * spend its time looking at clean ones.
 *
 * <p>Not thread-safe: owned by its store's thread.
 */
final class ExtentMetadata {
    private final long[] flushNumbers;
    private final long[] generations;
    private final boolean[] dirty;
    /** Whether an extent is in {@link #listed}: a flush of one extent leaves it there, and it must not go in twice. */
    private final boolean[] inList;
    private int[] listed = new int[16];
    private int listedCount;
    private final ExtentFlusher inMemory = this::flush;

    ExtentMetadata(int extentCount) {
        this.flushNumbers = new long[extentCount];
        this.generations = new long[extentCount];
        this.dirty = new boolean[extentCount];
        this.inList = new boolean[extentCount];
    }

    void markDirty(int extent) {
        dirty[extent] = true;
        if (!inList[extent]) {
            inList[extent] = true;
            if (listedCount == listed.length) {
                listed = Arrays.copyOf(listed, listedCount * 2);
            }
            listed[listedCount++] = extent;
        }
    }

    void flush(int extent, long flushNumber, long generation) {
        flushNumbers[extent] = flushNumber;
        generations[extent] = generation;
        dirty[extent] = false;
    }

    /** What flushing one dirty extent takes in a store that keeps more than this metadata: a file's force, say. */
    @FunctionalInterface
    interface ExtentFlusher {
        /** Makes the extent durable and then records the flush here, through {@link ExtentMetadata#flush}. */
        void flush(int extent, long flushNumber, long generation);
    }

    /** Flushes every dirty extent, as {@link #flush} does one, visiting only those marked dirty since the last call. */
    void flushDirty(long flushNumber, long generation) {
        flushDirty(flushNumber, generation, inMemory);
    }

    /**
     * As {@link #flushDirty(long, long)}, each dirty extent through {@code flusher}. When the flusher fails, the
     * extents not yet flushed stay listed, so that the next flush still finds them.
     */
    void flushDirty(long flushNumber, long generation, ExtentFlusher flusher) {
        int visited = 0;
        try {
            for (; visited < listedCount; visited++) {
                int extent = listed[visited];
                if (dirty[extent]) {
                    flusher.flush(extent, flushNumber, generation);
                }
                inList[extent] = false;
            }
        } finally {
            listedCount -= visited;
            System.arraycopy(listed, visited, listed, 0, listedCount);
        }
    }

    long flushNumber(int extent) {
        return flushNumbers[extent];
    }

    long generation(int extent) {
        return generations[extent];
    }

    boolean isDirty(int extent) {
        return dirty[extent];
    }
}
