package dev.cruciblesim.bench.workload.gen;

/**
 * Where the next sequential IO of one data direction starts, for fio's {@code rw=read}, {@code write} and
 * {@code rw}: each IO starts where the previous one ended, and the cursor goes back to the region start when the
 * next IO would not fit before the region end.
 *
 * <p>fio ({@code io_u.c}, {@code get_next_seq_offset}) keeps such a position per file and per direction
 * ({@code last_pos[ddir]}), so the reads and writes of {@code rw=rw} each walk the region from its start on their
 * own; an engine does the same with one cursor per direction. fio goes back to the start, in a time-based run, once
 * the position has reached the region end; with a single size that divides the region, as fio's sizes usually do,
 * that is the rule here. Where the sizes vary, fio instead re-draws the size until one fits the tail; here the size
 * is the caller's and is not re-drawn (that would tie the size draws to the position), so a tail shorter than the
 * IO is skipped for that pass. A run that is not time-based ends at the region end in fio; here ending is the
 * caller's concern and the cursor always wraps.
 *
 * <p>Single-threaded; {@link #next} allocates nothing.
 */
public final class SequentialCursor {
    private final long regionStartBytes;
    private final long regionBytes;
    private final long regionEndBytes;
    /** Where the next IO starts unless it must wrap. */
    private long positionBytes;
    private long wraps;

    /**
     * @param regionStartBytes the first byte of the region, {@code >= 0}
     * @param regionBytes      the length of the region, {@code >= 1}
     */
    public SequentialCursor(long regionStartBytes, long regionBytes) {
        if (regionStartBytes < 0 || regionBytes < 1 || regionStartBytes > Long.MAX_VALUE - regionBytes) {
            throw new IllegalArgumentException("a sequential region needs a start >= 0 and a length >= 1 that end by "
                    + Long.MAX_VALUE + ", got start " + regionStartBytes + " and length " + regionBytes);
        }
        this.regionStartBytes = regionStartBytes;
        this.regionBytes = regionBytes;
        this.regionEndBytes = regionStartBytes + regionBytes;
        this.positionBytes = regionStartBytes;
    }

    /**
     * @param ioBytes the size of this IO, in {@code [1, regionBytes]}
     * @return the byte offset of this IO; the cursor moves past it
     */
    public long next(int ioBytes) {
        if (ioBytes < 1 || ioBytes > regionBytes) {
            throw new IllegalArgumentException("a sequential IO must be 1.." + regionBytes + " bytes, got " + ioBytes);
        }
        if (ioBytes > regionEndBytes - positionBytes) {
            positionBytes = regionStartBytes;
            wraps++;
        }
        long offset = positionBytes;
        positionBytes += ioBytes;
        return offset;
    }

    /** @return where the next IO starts unless it must wrap */
    public long positionBytes() {
        return positionBytes;
    }

    /** @return how many times the cursor has gone back to the region start */
    public long wraps() {
        return wraps;
    }

    public long regionStartBytes() {
        return regionStartBytes;
    }

    public long regionBytes() {
        return regionBytes;
    }
}
