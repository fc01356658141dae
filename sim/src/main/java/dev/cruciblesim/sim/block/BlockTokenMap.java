package dev.cruciblesim.sim.block;

import java.util.Arrays;

/**
 * A map from block index to a 64-bit token in which a block never assigned, or assigned 0, maps to 0: what each
 * block of a volume holds when a write's content is represented by the write's token (see
 * {@link dev.cruciblesim.sim.protocol.BlockStamp}).
 *
 * <p>Layout: the block space is cut into segments of {@value #SEGMENT_BLOCKS} blocks. A segment exists only while
 * some block in it maps to a token other than 0, and holds its runs, the maximal stretches of blocks with one token,
 * in block order, as a packed (start, end) int and a token each: 12 bytes a run, plus the arrays' slack (at most
 * half again). So a write costs one run per segment it touches, whatever its length (a 1 MiB write of 4 KiB blocks
 * is one run, not 256 entries), and overwriting blocks replaces runs rather than adding them: memory follows the
 * set of blocks written and stays flat once that set stops growing, however many writes follow. Assigning costs a
 * binary search and a shift of the segment's later runs (none when a write replaces exactly one run); a read costs
 * a binary search. A segment that would hold more than {@value #DENSE_RUNS} runs becomes dense instead, one token per
 * block (8 KiB), where reading and assigning a block is an array access: random small writes fill a segment with
 * single-block runs, and past that many the shifts cost more than the array's memory is worth (at most 64 bytes a
 * written block, where runs take 12 to 18).
 *
 * <p>The one cost that follows the volume's size is the segment table: 4 bytes per {@value #SEGMENT_BLOCKS} blocks
 * (1 MiB for 2^28 blocks, 16 MiB for 2^32).
 *
 * <p>Not thread-safe: owned by one thread (a downstairs' core, or the workload engine).
 */
public final class BlockTokenMap {
    public static final int SEGMENT_BITS = 10;
    public static final int SEGMENT_BLOCKS = 1 << SEGMENT_BITS;
    /** The largest map: segment indexes are ints. */
    public static final long MAX_BLOCKS = (long) (Integer.MAX_VALUE - 8) << SEGMENT_BITS;
    /**
     * The most runs a segment keeps as runs. Measured on the peer scenario (4 KiB random writes over 32,768 blocks):
     * at 512, shifting the runs of half-written segments took a tenth of a run's time.
     */
    static final int DENSE_RUNS = SEGMENT_BLOCKS / 8;
    /** A segment's object and its two array headers, with compressed references. */
    static final long SEGMENT_OVERHEAD_BYTES = 32 + 16 + 16;
    static final long RUN_BYTES = Integer.BYTES + Long.BYTES;
    /** A dense segment: its object and one array of a token per block. */
    static final long DENSE_SEGMENT_BYTES = 32 + 16 + (long) Long.BYTES * SEGMENT_BLOCKS;
    private static final int OFFSET_MASK = SEGMENT_BLOCKS - 1;

    private final long totalBlocks;
    private final Segment[] segments;
    /** Segments of runs, and dense ones, for {@link #retainedBytes()}. */
    private long segmentCount;
    private long denseCount;
    /** Runs the run segments' arrays have room for, for {@link #retainedBytes()}. */
    private long runCapacity;

    /** @param totalBlocks how many blocks the map covers, at most {@link #MAX_BLOCKS} */
    public BlockTokenMap(long totalBlocks) {
        if (totalBlocks < 0 || totalBlocks > MAX_BLOCKS) {
            throw new IllegalArgumentException("a block map covers 0 to " + MAX_BLOCKS + " blocks, got " + totalBlocks);
        }
        this.totalBlocks = totalBlocks;
        this.segments = new Segment[(int) ((totalBlocks + OFFSET_MASK) >>> SEGMENT_BITS)];
    }

    public long totalBlocks() {
        return totalBlocks;
    }

    /** Maps {@code blockCount} blocks from {@code firstBlock} to {@code token}; 0 forgets them. */
    public void assign(long firstBlock, long blockCount, long token) {
        checkRange(firstBlock, blockCount);
        long block = firstBlock;
        long end = firstBlock + blockCount;
        while (block < end) {
            int index = (int) (block >>> SEGMENT_BITS);
            long segmentStart = (long) index << SEGMENT_BITS;
            int to = (int) Math.min(SEGMENT_BLOCKS, end - segmentStart);
            assignInSegment(index, (int) (block - segmentStart), to, token);
            block = segmentStart + to;
        }
    }

    /** @return the token of {@code block}, 0 if it was never assigned one */
    public long get(long block) {
        checkRange(block, 1);
        Segment segment = segments[(int) (block >>> SEGMENT_BITS)];
        return segment == null ? 0 : segment.get((int) (block & OFFSET_MASK));
    }

    /** Copies the tokens of {@code blockCount} blocks from {@code firstBlock} into {@code dst} at {@code dstOffset}. */
    public void copy(long firstBlock, int blockCount, long[] dst, int dstOffset) {
        checkRange(firstBlock, blockCount);
        if (dstOffset < 0 || dstOffset > dst.length - blockCount) {
            throw new IndexOutOfBoundsException(blockCount + " tokens do not fit at " + dstOffset + " of an array of "
                    + dst.length);
        }
        if (blockCount == 1) {
            // The common read of one block, without the walk over runs and gaps.
            Segment segment = segments[(int) (firstBlock >>> SEGMENT_BITS)];
            dst[dstOffset] = segment == null ? 0 : segment.get((int) (firstBlock & OFFSET_MASK));
            return;
        }
        long block = firstBlock;
        long end = firstBlock + blockCount;
        int out = dstOffset;
        while (block < end) {
            int index = (int) (block >>> SEGMENT_BITS);
            long segmentStart = (long) index << SEGMENT_BITS;
            int from = (int) (block - segmentStart);
            int to = (int) Math.min(SEGMENT_BLOCKS, end - segmentStart);
            Segment segment = segments[index];
            if (segment == null) {
                Arrays.fill(dst, out, out + to - from, 0L);
            } else {
                segment.copy(from, to, dst, out);
            }
            out += to - from;
            block = segmentStart + to;
        }
    }

    /**
     * @return how many maximal runs of blocks with one token other than 0 the map holds, counted afresh in each
     *         segment (a run that crosses a segment boundary counts once in each): a walk over the map, for tests
     */
    public long runCount() {
        long runs = 0;
        for (Segment segment : segments) {
            runs += segment == null ? 0 : segment.runCount();
        }
        return runs;
    }

    /** @return an estimate of the heap the map holds: its segment table, segments and their arrays */
    public long retainedBytes() {
        return 16 + 4L * segments.length + segmentBytes();
    }

    /** @return an estimate of the heap the segments hold: what the blocks assigned cost, 0 for an empty map */
    public long segmentBytes() {
        return segmentCount * SEGMENT_OVERHEAD_BYTES + runCapacity * RUN_BYTES + denseCount * DENSE_SEGMENT_BYTES;
    }

    private void assignInSegment(int index, int from, int to, long token) {
        Segment segment = segments[index];
        if (segment == null) {
            if (token == 0) {
                return;
            }
            segment = new Segment();
            segments[index] = segment;
            segmentCount++;
            runCapacity += segment.capacity();
        }
        if (segment.dense != null) {
            segment.assignDense(from, to, token);
            if (segment.size == 0) {
                segments[index] = null;
                denseCount--;
            }
            return;
        }
        int capacityBefore = segment.capacity();
        if (!segment.assign(from, to, token)) {
            // Too many runs: the segment turns dense, for good.
            segment.makeDense();
            segmentCount--;
            runCapacity -= capacityBefore;
            denseCount++;
            segment.assignDense(from, to, token);
            return;
        }
        runCapacity += segment.capacity() - capacityBefore;
        if (segment.size == 0) {
            // Written back to zeros: the segment goes, so memory keeps following what is written.
            segments[index] = null;
            segmentCount--;
            runCapacity -= segment.capacity();
        }
    }

    private void checkRange(long firstBlock, long blockCount) {
        // Written as "first > total - count" so that a huge first block cannot overflow the sum.
        if (blockCount < 0 || firstBlock < 0 || firstBlock > totalBlocks - blockCount) {
            throw new IndexOutOfBoundsException(blockCount + " blocks at block " + firstBlock
                    + " are outside the map's blocks [0, " + totalBlocks + ")");
        }
    }

    @Override
    public String toString() {
        return "BlockTokenMap[" + totalBlocks + " blocks, " + segmentCount + " segments of runs, " + denseCount
                + " dense]";
    }

    /**
     * One segment: its runs, in block order, none empty, none overlapping, none with token 0; or, once dense, a token
     * per block.
     */
    private static final class Segment {
        private static final int INITIAL_CAPACITY = 2;
        /** Runs; once dense, the blocks whose token is not 0. */
        int size;
        /** Each run's start (upper 16 bits) and end (lower 16 bits), offsets in the segment; ends are at most 1024. */
        int[] bounds = new int[INITIAL_CAPACITY];
        long[] tokens = new long[INITIAL_CAPACITY];
        /** Null until the segment turns dense; then each block's token, and the run arrays are gone. */
        long[] dense;

        int capacity() {
            return bounds.length;
        }

        private static int pack(int start, int end) {
            return start << 16 | end;
        }

        private static int start(int bound) {
            return bound >>> 16;
        }

        private static int end(int bound) {
            return bound & 0xFFFF;
        }

        /** @return the index of the first run that ends after {@code offset}, or {@link #size} if none does */
        private int firstEndingAfter(int offset) {
            int low = 0;
            int high = size;
            while (low < high) {
                int mid = (low + high) >>> 1;
                if (end(bounds[mid]) > offset) {
                    high = mid;
                } else {
                    low = mid + 1;
                }
            }
            return low;
        }

        long get(int offset) {
            if (dense != null) {
                return dense[offset];
            }
            int i = firstEndingAfter(offset);
            return i < size && start(bounds[i]) <= offset ? tokens[i] : 0;
        }

        long runCount() {
            if (dense == null) {
                return size;
            }
            long runs = 0;
            for (int i = 0; i < SEGMENT_BLOCKS; i++) {
                if (dense[i] != 0 && (i == 0 || dense[i - 1] != dense[i])) {
                    runs++;
                }
            }
            return runs;
        }

        void makeDense() {
            dense = new long[SEGMENT_BLOCKS];
            int nonZero = 0;
            for (int i = 0; i < size; i++) {
                Arrays.fill(dense, start(bounds[i]), end(bounds[i]), tokens[i]);
                nonZero += end(bounds[i]) - start(bounds[i]);
            }
            size = nonZero;
            bounds = null;
            tokens = null;
        }

        void assignDense(int from, int to, long token) {
            int nonZero = size;
            for (int i = from; i < to; i++) {
                nonZero += (token != 0 ? 1 : 0) - (dense[i] != 0 ? 1 : 0);
                dense[i] = token;
            }
            size = nonZero;
        }

        void copy(int from, int to, long[] dst, int out) {
            if (dense != null) {
                System.arraycopy(dense, from, dst, out, to - from);
                return;
            }
            int i = firstEndingAfter(from);
            int position = from;
            int at = out;
            while (position < to) {
                int runStart = i < size ? Math.max(start(bounds[i]), position) : to;
                int gapEnd = Math.min(runStart, to);
                Arrays.fill(dst, at, at + gapEnd - position, 0L);
                at += gapEnd - position;
                position = gapEnd;
                if (position < to) {
                    int stop = Math.min(end(bounds[i]), to);
                    Arrays.fill(dst, at, at + stop - position, tokens[i]);
                    at += stop - position;
                    position = stop;
                    i++;
                }
            }
        }

        /** @return false, changing nothing, when the segment would hold more than {@link #DENSE_RUNS} runs */
        boolean assign(int from, int to, long token) {
            int i = firstEndingAfter(from);
            int j = i;
            while (j < size && start(bounds[j]) < to) {
                j++;
            }
            // Runs [i, j) overlap [from, to): the first may begin before it and the last end after it, and those
            // outer parts stay as they were.
            boolean keepLeft = false;
            boolean keepRight = false;
            int leftStart = 0;
            int rightEnd = 0;
            long leftToken = 0;
            long rightToken = 0;
            if (i < j) {
                if (start(bounds[i]) < from) {
                    keepLeft = true;
                    leftStart = start(bounds[i]);
                    leftToken = tokens[i];
                }
                if (end(bounds[j - 1]) > to) {
                    keepRight = true;
                    rightEnd = end(bounds[j - 1]);
                    rightToken = tokens[j - 1];
                }
            }
            int newFrom = from;
            int newTo = to;
            if (token != 0) {
                // Joined with a neighbour of the same token, so that writes sharing one (zeros, a buffer_pattern)
                // laid side by side cost one run, not one each.
                if (keepLeft && leftToken == token) {
                    keepLeft = false;
                    newFrom = leftStart;
                } else if (!keepLeft && i > 0 && end(bounds[i - 1]) == from && tokens[i - 1] == token) {
                    i--;
                    newFrom = start(bounds[i]);
                }
                if (keepRight && rightToken == token) {
                    keepRight = false;
                    newTo = rightEnd;
                } else if (!keepRight && j < size && start(bounds[j]) == to && tokens[j] == token) {
                    newTo = end(bounds[j]);
                    j++;
                }
            }
            int added = (keepLeft ? 1 : 0) + (token != 0 ? 1 : 0) + (keepRight ? 1 : 0);
            int removed = j - i;
            int newSize = size - removed + added;
            if (newSize > DENSE_RUNS) {
                return false;
            }
            if (newSize > bounds.length) {
                int grown = Math.min(DENSE_RUNS, Math.max(newSize, bounds.length + (bounds.length >> 1) + 1));
                bounds = Arrays.copyOf(bounds, grown);
                tokens = Arrays.copyOf(tokens, grown);
            }
            if (added != removed) {
                System.arraycopy(bounds, j, bounds, i + added, size - j);
                System.arraycopy(tokens, j, tokens, i + added, size - j);
            }
            int k = i;
            if (keepLeft) {
                bounds[k] = pack(leftStart, from);
                tokens[k++] = leftToken;
            }
            if (token != 0) {
                bounds[k] = pack(newFrom, newTo);
                tokens[k++] = token;
            }
            if (keepRight) {
                bounds[k] = pack(to, rightEnd);
                tokens[k] = rightToken;
            }
            size = newSize;
            return true;
        }
    }
}
