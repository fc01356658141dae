package dev.cruciblesim.tracing.stats;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.util.zip.Deflater;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * {@link LatencyCounts} as HdrHistogram encodes a {@link Histogram} of {@link LatencyHistograms}'
 * shape that recorded the same values: the same bytes, uncompressed and compressed, the same max
 * value, so that {@link HistogramLogWriter#outputIntervalHistogram(EncodableHistogram)} writes the
 * same .hlog line for either, with no Histogram to fill (a reset of its 270 KB) per line.
 *
 * <p>The format (HdrHistogram's V2, the one its readers decode):
 * <ul>
 * <li>uncompressed: a 40-byte header of the cookie {@code 0x1c849313}, the payload length in bytes,
 *     the normalizing index offset (0), the significant digits, the lowest discernible value (1),
 *     the highest trackable value and the integer-to-double ratio (1.0), all big-endian; then the
 *     counts of indexes 0 to the max value's index (index 0 alone when nothing was recorded), each
 *     a ZigZag LEB128 long of at most 9 bytes, where a run of two or more zero counts is written
 *     once, as minus its length;</li>
 * <li>compressed: the cookie {@code 0x1c849314}, the length of what follows, then the
 *     uncompressed form deflated (zlib format) at the given level, in one go.</li>
 * </ul>
 * The max value is the highest value equivalent to the largest recorded one, 0 when nothing was
 * recorded: what {@link Histogram#getMaxValueAsDouble()} gives (the Interval_Max column).
 *
 * <p>Two compressed forms: {@link #encodeIntoCompressedByteBuffer(ByteBuffer, int)} deflates at a
 * level, as HdrHistogram does (so its bytes equal HdrHistogram's), and
 * {@link #encodeIntoCompactCompressedByteBuffer} mostly with Huffman coding alone, which {@link
 * dev.cruciblesim.tracing.metrics.HlogWriter} uses: smaller and faster on these counts, and read
 * by the same readers. Encoding visits the non-zero counts only ({@link LatencyCounts}), so its
 * cost follows what the interval recorded.
 *
 * <p>Use: one per writer, pointed at each interval in turn by {@link #view}; {@link #close()} it
 * with the writer. The counts must not change while it encodes them. Not thread-safe. Allocation:
 * an uncompressed buffer of {@link #getNeededByteBufferCapacity()} bytes (304 KB) and the Huffman
 * coder's few KB at construction, a {@link Deflater} on the first use of a level, reset for each
 * line (a new one only when the level changes), and a 304 KB scratch buffer the first time the
 * compact form goes to a buffer without an array. Unlike HdrHistogram, which would silently write
 * a truncated stream, a compressed encoding that does not fit the target throws
 * {@link BufferOverflowException}; {@link HistogramLogWriter} always gives it room.
 */
public final class EncodableLatencyCounts extends EncodableHistogram implements AutoCloseable {
    /** V2 encoding cookie; the 0x10 bit marks the zero-run (TLZE) form of the counts. */
    private static final int COOKIE = 0x1c849303 | 0x10;
    private static final int COMPRESSED_COOKIE = 0x1c849304 | 0x10;
    private static final int HEADER_BYTES = 40;
    /** The compressed form's cookie and length. */
    private static final int COMPRESSED_HEADER_BYTES = 8;
    /** A ZigZag LEB128 long takes at most 9 bytes: 8 of 7 bits, then one of the top 8. */
    private static final int MAX_BYTES_PER_COUNT = 9;
    private static final long LOWEST_DISCERNIBLE_VALUE = 1;
    /** As a Histogram of the shape needs for all its counts, whatever it holds. */
    private static final int CAPACITY = HEADER_BYTES + MAX_BYTES_PER_COUNT * LatencyCounts.LENGTH;
    /** Up to this, {@link #encodeIntoCompactCompressedByteBuffer} deflates at level 9: see there. */
    static final int SMALL_UNCOMPRESSED_BYTES = 64;
    /** From this average on, {@link #encodeIntoCompactCompressedByteBuffer} deflates at level 9: see there. */
    static final long VALUES_PER_BUCKET_FOR_MATCHING = 8;

    private final ByteBuffer uncompressed = ByteBuffer.allocate(CAPACITY);
    private Deflater deflater;
    private int deflaterLevel;
    private final HuffmanZlib huffman = new HuffmanZlib();
    private byte[] scratch;
    private boolean closed;

    private LatencyCounts counts;
    private String tag;
    /** A Histogram's defaults, until {@link #view} sets them. */
    private long startTimeStampMs = Long.MAX_VALUE;
    private long endTimeStampMs;

    /**
     * Points this encoder at {@code counts}, with the tag and time stamps the line gets.
     *
     * @param counts           what to encode; read, never changed, and not copied
     * @param tag              the .hlog tag, or null for none
     * @param startTimeStampMs the interval's start, ms since the epoch
     * @param endTimeStampMs   the interval's end, ms since the epoch
     * @return this
     */
    public EncodableLatencyCounts view(LatencyCounts counts, String tag, long startTimeStampMs, long endTimeStampMs) {
        if (counts == null) {
            throw new NullPointerException("counts");
        }
        this.counts = counts;
        this.tag = tag;
        this.startTimeStampMs = startTimeStampMs;
        this.endTimeStampMs = endTimeStampMs;
        return this;
    }

    /** @return the capacity a Histogram of the shape asks of a target buffer: 40 + 9 bytes per count (304,168) */
    @Override
    public int getNeededByteBufferCapacity() {
        return CAPACITY;
    }

    /**
     * Writes the uncompressed form at {@code target}'s position, in its byte order, and moves the
     * position past it.
     *
     * @return the number of bytes written
     * @throws BufferOverflowException if {@code target} has less room than the header plus 9 bytes
     *                                 per encoded count (nothing is written then)
     */
    public int encodeIntoByteBuffer(ByteBuffer target) {
        LatencyCounts c = viewed();
        int encodedCounts = Math.max(c.highIndex(), 0) + 1;
        if (target.remaining() < HEADER_BYTES + MAX_BYTES_PER_COUNT * encodedCounts) {
            throw new BufferOverflowException();
        }
        int start = target.position();
        target.putInt(COOKIE);
        target.putInt(0); // the payload length, known once written
        target.putInt(0); // normalizing index offset: only DoubleHistogram shifts its indexes
        target.putInt(LatencyHistograms.SIGNIFICANT_DIGITS);
        target.putLong(LOWEST_DISCERNIBLE_VALUE);
        target.putLong(LatencyHistograms.HIGHEST_TRACKABLE_VALUE_NS);
        target.putDouble(1.0); // integer-to-double conversion ratio
        int payloadStart = target.position();
        if (target.hasArray()) {
            int offset = target.arrayOffset();
            int end = putCounts(c, target.array(), offset + payloadStart);
            target.position(end - offset);
        } else {
            byte[] scratch = uncompressed.array();
            int end = putCounts(c, scratch, 0);
            target.put(scratch, 0, end);
        }
        target.putInt(start + 4, target.position() - payloadStart);
        return target.position() - start;
    }

    /**
     * Writes the compressed form at {@code target}'s position, in its byte order, and moves the
     * position past it: the bytes HdrHistogram's own encoding of a Histogram of the same values
     * would be, at the same level (given the same zlib).
     *
     * @param compressionLevel a {@link Deflater} level; HistogramLogWriter uses 9
     * @return the number of bytes written
     * @throws BufferOverflowException if the deflated form does not fit up to {@code target}'s limit
     */
    @Override
    public int encodeIntoCompressedByteBuffer(ByteBuffer target, int compressionLevel) {
        int length = encodeUncompressed();
        return deflate(target, length, deflater(compressionLevel));
    }

    /**
     * Writes the compressed form as {@link #encodeIntoCompressedByteBuffer(ByteBuffer, int)} does,
     * in the same format, decoded by the same readers, but deflated with Huffman coding alone (no
     * string matching: {@link HuffmanZlib}, which writes what a {@link Deflater} does with
     * {@link Deflater#HUFFMAN_ONLY} without zlib's fixed cost per stream) unless string matching
     * pays, when zlib's level 9 deflates it: for a tiny payload (an uncompressed form of at most
     * {@value #SMALL_UNCOMPRESSED_BYTES} bytes, the 40-byte header and a value or two, whose zero runs
     * only matching shortens) and for heavy counts (on average at least
     * {@value #VALUES_PER_BUCKET_FOR_MATCHING} values per non-zero count, as in a long interval of
     * a busy metric). Otherwise the counts are short ZigZag LEB128 numbers with few repeated
     * strings, and the matches every level searches for are mostly short ones that cost more bits
     * than the bytes they replace.
     *
     * <p>Measured (thread CPU time per line on the project's 2-vCPU VM): on the 18,108 intervals of
     * a 1,000-second run (18 metrics, 1 s intervals), those of at most 64 bytes took 35 bytes at
     * level 9 and 45 with Huffman alone, the same 9 us; those of 160 to 256 bytes 168 bytes in
     * 24 us at level 9, 160 bytes in 17 us; the larger ones 345 bytes in 42 us, 313 in 24 us; in all
     * 3.84 MB this way, 4.17 MB at level 9 alone, and the smaller of the two for each line would
     * save 80 bytes more. 7,000 values spread log-uniformly over 35 us..9.5 ms took 2,474 bytes in
     * 574 us at level 9, 2,104 in 89 us. The same run's 18 whole-run intervals (100,000 to 450,000
     * values each, 3 to 13 KB uncompressed) took 81 KB at level 9 and 93 KB with Huffman alone,
     * and every one of them averages more than 8 values per non-zero count; level 9's time there
     * stays below 0.1 us a byte, a byte per 8 values. Those figures are zlib's Huffman coding, whose
     * fixed cost per stream, about 6 us (it clears a 64 KB hash table, builds and sends its trees
     * through a 256 KB state), was most of a small line's; {@link HuffmanZlib} codes the same
     * lines in the same space without it, in half the time.
     *
     * @return the number of bytes written
     * @throws BufferOverflowException if the deflated form does not fit up to {@code target}'s limit
     */
    public int encodeIntoCompactCompressedByteBuffer(ByteBuffer target) {
        int length = encodeUncompressed();
        LatencyCounts c = viewed();
        boolean matchingPays = length <= SMALL_UNCOMPRESSED_BYTES
                || c.totalCount() / VALUES_PER_BUCKET_FOR_MATCHING >= c.nonZeroCount();
        if (matchingPays) {
            return deflate(target, length, deflater(Deflater.BEST_COMPRESSION));
        }
        checkOpen();
        int start = target.position();
        if (target.remaining() < COMPRESSED_HEADER_BYTES) {
            throw new BufferOverflowException();
        }
        target.putInt(COMPRESSED_COOKIE);
        target.putInt(0); // the compressed length, known once deflated
        int deflated;
        try {
            if (target.hasArray()) {
                int offset = target.arrayOffset();
                deflated = huffman.deflate(uncompressed.array(), length, target.array(), offset + target.position(),
                        offset + target.limit());
            } else {
                byte[] scratch = directScratch();
                deflated = huffman.deflate(uncompressed.array(), length, scratch, 0,
                        Math.min(scratch.length, target.remaining()));
                target.put(target.position(), scratch, 0, deflated);
            }
        } catch (BufferOverflowException e) {
            target.position(start);
            throw e;
        }
        target.position(target.position() + deflated);
        target.putInt(start + 4, deflated);
        return COMPRESSED_HEADER_BYTES + deflated;
    }

    /** For a target without an array: where the Huffman coder writes first; made on first use. */
    private byte[] directScratch() {
        if (scratch == null) {
            scratch = new byte[CAPACITY];
        }
        return scratch;
    }

    /** @return the length of the uncompressed form, written at the start of {@link #uncompressed} */
    private int encodeUncompressed() {
        uncompressed.clear();
        return encodeIntoByteBuffer(uncompressed);
    }

    private int deflate(ByteBuffer target, int length, Deflater d) {
        d.setInput(uncompressed.array(), 0, length);
        d.finish();

        int start = target.position();
        target.putInt(COMPRESSED_COOKIE);
        target.putInt(0); // the compressed length, known once deflated
        int deflated = 0;
        // Usually one call; a Deflater whose parameters were just set spends its first call on them alone.
        while (!d.finished()) {
            int written = d.deflate(target);
            deflated += written;
            if (written == 0 && !target.hasRemaining()) {
                target.position(start);
                throw new BufferOverflowException();
            }
        }
        target.putInt(start + 4, deflated);
        return COMPRESSED_HEADER_BYTES + deflated;
    }

    /** @return the highest value equivalent to the largest recorded one, 0 if none was, as {@link Histogram#getMaxValueAsDouble()} */
    @Override
    public double getMaxValueAsDouble() {
        int high = viewed().highIndex();
        return high < 0 ? 0 : LatencyCounts.highestValueAt(high);
    }

    @Override
    public long getStartTimeStamp() {
        return startTimeStampMs;
    }

    @Override
    public void setStartTimeStamp(long startTimeStampMs) {
        this.startTimeStampMs = startTimeStampMs;
    }

    @Override
    public long getEndTimeStamp() {
        return endTimeStampMs;
    }

    @Override
    public void setEndTimeStamp(long endTimeStampMs) {
        this.endTimeStampMs = endTimeStampMs;
    }

    @Override
    public String getTag() {
        return tag;
    }

    @Override
    public void setTag(String tag) {
        this.tag = tag;
    }

    /** Frees the Deflater's native memory; the encoder cannot compress after. */
    @Override
    public void close() {
        closed = true;
        if (deflater != null) {
            deflater.end();
            deflater = null;
        }
    }

    private LatencyCounts viewed() {
        if (counts == null) {
            throw new IllegalStateException("no counts to encode: call view first");
        }
        return counts;
    }

    /** The writer's Deflater, reset: a reset one deflates as a new one at the same level would. */
    private Deflater deflater(int level) {
        checkOpen();
        if (deflater != null && deflaterLevel == level) {
            deflater.reset();
            return deflater;
        }
        Deflater fresh = new Deflater(level); // refuses a bad level before the old one is ended
        if (deflater != null) {
            deflater.end();
        }
        deflater = fresh;
        deflaterLevel = level;
        return fresh;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("closed");
        }
    }

    /**
     * Writes the counts of indexes 0 to the max value's index (0 if empty), a run of two or more
     * zeros as minus its length. Zero runs are measured between non-zero counts, never read count
     * by count, so this costs what the counts hold, not the range they span.
     *
     * @return the position after the last byte written
     */
    private static int putCounts(LatencyCounts c, byte[] out, int pos) {
        long[] counts = c.counts();
        int next = 0; // the first index not yet written
        for (int index = c.nextNonZero(0); index >= 0; index = c.nextNonZero(index + 1)) {
            int zeros = index - next;
            if (zeros > 0) {
                pos = putZigZag(out, pos, zeros == 1 ? 0 : -zeros);
            }
            long count = counts[index];
            if (count < 0) {
                throw new IllegalStateException("count " + count + " at index " + index + " overflowed");
            }
            pos = putZigZag(out, pos, count);
            next = index + 1;
        }
        if (next == 0) {
            pos = putZigZag(out, pos, 0); // nothing recorded: index 0 alone, as HdrHistogram writes it
        }
        return pos;
    }

    /**
     * ZigZag (0, -1, 1, -2 ... as 0, 1, 2, 3 ...), then little-endian base 128: 7 bits a byte, the
     * top bit set while more follow; after 8 such bytes (56 bits) a 9th holds the top 8 bits whole,
     * so no long takes more than 9 bytes (standard LEB128 would take 10).
     *
     * @return the position after the last byte written
     */
    static int putZigZag(byte[] out, int pos, long value) {
        long bits = (value << 1) ^ (value >> 63);
        for (int i = 0; i < 8; i++) {
            if ((bits >>> 7) == 0) {
                out[pos++] = (byte) bits;
                return pos;
            }
            out[pos++] = (byte) (bits | 0x80);
            bits >>>= 7;
        }
        out[pos++] = (byte) bits;
        return pos;
    }
}
