package dev.cruciblesim.bench.workload.trace;

import java.util.Arrays;
import java.util.List;

/**
 * Collects records into growing primitive arrays while a parser runs, raising timestamps that go backwards, and
 * hands them to an immutable {@link Trace} trimmed to size.
 */
final class TraceBuilder {
    private static final int INITIAL_CAPACITY = 1024;
    /** Some VMs reserve header words in an array; staying below their limit avoids an OutOfMemoryError by size. */
    private static final int MAX_CAPACITY = Integer.MAX_VALUE - 8;

    private final LineSource at;
    private long[] timeNs = new long[INITIAL_CAPACITY];
    private byte[] ops = new byte[INITIAL_CAPACITY];
    private long[] offsetBytes = new long[INITIAL_CAPACITY];
    private int[] lengthBytes = new int[INITIAL_CAPACITY];
    private int[] lines = new int[INITIAL_CAPACITY];
    private int size;
    private int decreasingTimestamps;
    private int firstDecreasingLine;

    TraceBuilder(LineSource at) {
        this.at = at;
    }

    /**
     * Adds a record from the current line. A timestamp below the previous record's is raised to it: traces merged
     * from several sources or clocks step back by a little, and replay cannot issue in the past anyway.
     */
    void add(long timeNs, TraceOp op, long offsetBytes, int lengthBytes) throws TraceFormatException {
        if (size == this.timeNs.length) {
            grow();
        }
        long raisedTimeNs = timeNs;
        if (size > 0 && timeNs < this.timeNs[size - 1]) {
            raisedTimeNs = this.timeNs[size - 1];
            if (decreasingTimestamps++ == 0) {
                firstDecreasingLine = at.lineNumber();
            }
        }
        this.timeNs[size] = raisedTimeNs;
        ops[size] = (byte) op.ordinal();
        this.offsetBytes[size] = offsetBytes;
        this.lengthBytes[size] = lengthBytes;
        lines[size] = at.lineNumber();
        size++;
    }

    /**
     * @throws TraceFormatException when no record was added: a replay of nothing would report a run that never
     *     happened
     */
    Trace build(String formatName, List<String> fileNames) throws TraceFormatException {
        if (size == 0) {
            throw new TraceFormatException(at.file(), "holds no IO to replay");
        }
        return new Trace(at.file(), formatName, Arrays.copyOf(timeNs, size), Arrays.copyOf(ops, size),
                Arrays.copyOf(offsetBytes, size), Arrays.copyOf(lengthBytes, size), Arrays.copyOf(lines, size),
                decreasingTimestamps, firstDecreasingLine, fileNames, 0);
    }

    private void grow() throws TraceFormatException {
        int capacity = timeNs.length;
        if (capacity == MAX_CAPACITY) {
            throw at.error("more than " + MAX_CAPACITY + " IO records; split the trace");
        }
        int grown = (int) Math.min(MAX_CAPACITY, capacity + (long) (capacity >> 1));
        timeNs = Arrays.copyOf(timeNs, grown);
        ops = Arrays.copyOf(ops, grown);
        offsetBytes = Arrays.copyOf(offsetBytes, grown);
        lengthBytes = Arrays.copyOf(lengthBytes, grown);
        lines = Arrays.copyOf(lines, grown);
    }
}
