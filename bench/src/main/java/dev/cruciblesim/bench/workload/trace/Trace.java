package dev.cruciblesim.bench.workload.trace;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * An immutable, fully parsed trace. Records live in parallel primitive arrays, about 25 bytes each and no object per
 * record, because traces run to millions of lines and a replay walks them in order.
 *
 * <p>Parsing checks syntax only; whether an IO fits a particular volume (size, alignment, range) is decided by
 * {@link #fitTo}, since the same trace may be replayed against volumes of different geometry.
 */
public final class Trace {
    private final Path source;
    private final String formatName;
    private final long[] timeNs;
    private final byte[] ops;
    private final long[] offsetBytes;
    private final int[] lengthBytes;
    private final int[] lines;
    private final int decreasingTimestamps;
    private final int firstDecreasingLine;
    private final List<String> fileNames;
    private final int wrappedRecords;
    private final long[] countByOp = new long[TraceOp.BY_ORDINAL.length];

    /** The arrays are taken, not copied: callers hand over arrays nobody else writes to. */
    Trace(Path source, String formatName, long[] timeNs, byte[] ops, long[] offsetBytes, int[] lengthBytes,
            int[] lines, int decreasingTimestamps, int firstDecreasingLine, List<String> fileNames,
            int wrappedRecords) {
        this.source = Objects.requireNonNull(source, "source");
        this.formatName = Objects.requireNonNull(formatName, "formatName");
        this.timeNs = timeNs;
        this.ops = ops;
        this.offsetBytes = offsetBytes;
        this.lengthBytes = lengthBytes;
        this.lines = lines;
        this.decreasingTimestamps = decreasingTimestamps;
        this.firstDecreasingLine = firstDecreasingLine;
        this.fileNames = List.copyOf(fileNames);
        this.wrappedRecords = wrappedRecords;
        for (byte op : ops) {
            countByOp[op]++;
        }
    }

    /** The file the trace was read from. */
    public Path source() {
        return source;
    }

    /** {@code fio iolog v3}, {@code fio iolog v2}, {@code csv} or {@code jsonl}. */
    public String formatName() {
        return formatName;
    }

    /** The number of IO records; iolog file actions (add, open, close) and v2 waits are not records. */
    public int size() {
        return timeNs.length;
    }

    /** When record {@code i} is meant to be issued, in ns from the trace's start; never below the previous record's. */
    public long timeNs(int i) {
        return timeNs[i];
    }

    public TraceOp op(int i) {
        return TraceOp.BY_ORDINAL[ops[i]];
    }

    /** The first byte of record {@code i}; 0 for {@link TraceOp#FLUSH}. */
    public long offsetBytes(int i) {
        return offsetBytes[i];
    }

    /** The length of record {@code i}; 0 for {@link TraceOp#FLUSH}. */
    public int lengthBytes(int i) {
        return lengthBytes[i];
    }

    /** The 1-based source line of record {@code i}, for messages. */
    public int line(int i) {
        return lines[i];
    }

    /** How many records are {@code op}. */
    public long count(TraceOp op) {
        return countByOp[op.ordinal()];
    }

    /** The time of the last record in ns, 0 when there are none. */
    public long durationNs() {
        return timeNs.length == 0 ? 0 : timeNs[timeNs.length - 1];
    }

    /** How many records had a timestamp below the previous record's and were raised to it. */
    public int decreasingTimestamps() {
        return decreasingTimestamps;
    }

    /** The source line of the first record whose timestamp was raised, 0 when none was. */
    public int firstDecreasingLine() {
        return firstDecreasingLine;
    }

    /**
     * A raised timestamp changes the timeline the trace asked for, if only a little; a user may mean it (traces
     * merged from several clocks), so it is said rather than refused.
     *
     * @return one line, {@code file:line: ...}, saying how many records were raised and where the first was, or null
     *     when no timestamp went back
     */
    public String decreasingTimestampsWarning() {
        if (decreasingTimestamps == 0) {
            return null;
        }
        String what = decreasingTimestamps == 1
                ? "a record's time is before the previous record's; it replays at the previous record's time"
                : decreasingTimestamps + " records have a time before the previous record's, the first here; each "
                        + "replays at the previous record's time";
        return source + ":" + firstDecreasingLine + ": " + what;
    }

    /** The file name an iolog added, alone in the list (a log holds one file); empty for CSV and JSONL. */
    public List<String> fileNames() {
        return fileNames;
    }

    /** How many records {@link #fitTo} moved under {@link OutOfRange#WRAP} to make this trace; 0 otherwise. */
    public int wrappedRecords() {
        return wrappedRecords;
    }

    /** What to do with an IO that reaches past the end of the volume. */
    public enum OutOfRange {
        /** Fail naming the record: the trace was recorded against a larger device than the one modelled. */
        REJECT,
        /** Fold the IO back into the volume (see {@link Trace#fitTo}), keeping the access pattern's timing and sizes. */
        WRAP;

        /**
         * @param name {@code reject} or {@code wrap}, in any case
         * @throws IllegalArgumentException naming the allowed values
         */
        public static OutOfRange parse(String name) {
            Objects.requireNonNull(name, "name");
            return switch (name.strip().toLowerCase(Locale.ROOT)) {
                case "reject" -> REJECT;
                case "wrap" -> WRAP;
                default -> throw new IllegalArgumentException(
                        "unknown out-of-range policy '" + name + "'; expected one of reject, wrap");
            };
        }
    }

    /**
     * Fits the trace to a volume. Every READ, WRITE and TRIM must have an offset and a length that are multiples of
     * {@code blockSizeBytes}, with the length from 1 to {@code maxIoBytes}; FLUSH records pass unchanged.
     *
     * <p>An IO whose range {@code [offset, offset + length)} does not fit in {@code volumeBytes} is rejected under
     * {@link OutOfRange#REJECT}. Under {@link OutOfRange#WRAP} its offset becomes {@code offset % volumeBytes}, so a
     * sequential stream that runs off the end carries on from the start as a smaller device would see it; if the IO
     * then straddles the end, the offset becomes {@code volumeBytes - length}, the last place it fits. Offset, length
     * and volume size are all block multiples, so both results stay block aligned. An IO longer than the whole volume
     * fits nowhere and is rejected under either policy. IOs that already fit are never moved.
     *
     * @return a new trace with the fitted offsets; this one is unchanged
     * @throws TraceFormatException naming {@code file:line} and the record
     * @throws IllegalArgumentException when a size is not positive or {@code volumeBytes} is not a multiple of
     *     {@code blockSizeBytes}
     */
    public Trace fitTo(long volumeBytes, int blockSizeBytes, int maxIoBytes, OutOfRange policy)
            throws TraceFormatException {
        Objects.requireNonNull(policy, "policy");
        if (blockSizeBytes <= 0) {
            throw new IllegalArgumentException("blockSizeBytes must be > 0, got " + blockSizeBytes);
        }
        if (maxIoBytes <= 0) {
            throw new IllegalArgumentException("maxIoBytes must be > 0, got " + maxIoBytes);
        }
        if (volumeBytes <= 0 || volumeBytes % blockSizeBytes != 0) {
            throw new IllegalArgumentException("volumeBytes must be a positive multiple of the " + blockSizeBytes
                    + "-byte block size, got " + volumeBytes);
        }
        // Copied only once an offset changes: fitting a clean trace should not double its largest array.
        long[] fittedOffsetBytes = offsetBytes;
        int wrapped = 0;
        for (int i = 0; i < timeNs.length; i++) {
            if (ops[i] == TraceOp.FLUSH.ordinal()) {
                continue;
            }
            long offset = offsetBytes[i];
            int length = lengthBytes[i];
            if (length < 1 || length > maxIoBytes) {
                throw recordError(i, "length must be from 1 to " + maxIoBytes + " bytes");
            }
            if (offset % blockSizeBytes != 0) {
                throw recordError(i, "offset is not a multiple of the " + blockSizeBytes + "-byte block size");
            }
            if (length % blockSizeBytes != 0) {
                throw recordError(i, "length is not a multiple of the " + blockSizeBytes + "-byte block size");
            }
            // Written as a subtraction so that offset + length cannot overflow.
            if (offset <= volumeBytes - length) {
                continue;
            }
            if (length > volumeBytes) {
                throw recordError(i, "longer than the " + volumeBytes + "-byte volume, so it fits at no offset");
            }
            if (policy == OutOfRange.REJECT) {
                // offset + length < 2^63 + 2^31, so the unsigned reading of the sum is exact.
                throw recordError(i, "range [" + offset + ", " + Long.toUnsignedString(offset + length)
                        + ") does not fit in the " + volumeBytes + "-byte volume (out-of-range policy: reject)");
            }
            long wrappedOffset = offset % volumeBytes;
            if (wrappedOffset > volumeBytes - length) {
                wrappedOffset = volumeBytes - length;
            }
            if (fittedOffsetBytes == offsetBytes) {
                fittedOffsetBytes = offsetBytes.clone();
            }
            fittedOffsetBytes[i] = wrappedOffset;
            wrapped++;
        }
        return new Trace(source, formatName, timeNs, ops, fittedOffsetBytes, lengthBytes, lines,
                decreasingTimestamps, firstDecreasingLine, fileNames, wrapped);
    }

    private TraceFormatException recordError(int i, String reason) {
        return new TraceFormatException(source, lines[i],
                op(i).word() + " of " + lengthBytes[i] + " bytes at offset " + offsetBytes[i] + ": " + reason);
    }

    /** A one-line summary, e.g. for a run's log. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s (%s): %d IOs, %d read, %d write, %d flush, %d trim over %.3f ms",
                source, formatName, size(), count(TraceOp.READ), count(TraceOp.WRITE), count(TraceOp.FLUSH),
                count(TraceOp.TRIM), durationNs() / 1e6);
    }
}
