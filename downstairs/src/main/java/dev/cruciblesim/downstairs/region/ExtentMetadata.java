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

    /** Flushes every dirty extent, as {@link #flush} does one, visiting only those marked dirty since the last call. */
    void flushDirty(long flushNumber, long generation) {
        for (int i = 0; i < listedCount; i++) {
            int extent = listed[i];
            inList[extent] = false;
            if (dirty[extent]) {
                flush(extent, flushNumber, generation);
            }
        }
        listedCount = 0;
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
