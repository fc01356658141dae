package dev.cruciblesim.tracing.metrics;

import dev.cruciblesim.tracing.stats.EncodableLatencyCounts;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.HistogramLogWriter;

/**
 * Writes {@link MetricInterval}s as an HdrHistogram interval log (format 1.3, one tag per metric),
 * which HdrHistogram's HistogramLogReader, HistogramLogProcessor and HistogramLogAnalyzer read.
 * Interval timestamps are seconds since the run start; the histogram values are nanoseconds and
 * the Interval_Max column milliseconds, as HdrHistogram's tools assume. Only intervals that
 * recorded something are given to it ({@link MetricRecorder#sampleInterval}), so a metric's quiet
 * intervals take no line: the format has no need of them, and a reader sums what is there.
 *
 * <p>The output depends only on the arguments, never on the wall clock, the time zone or the
 * platform's line separator, so a virtual-time run that passes a fixed start time gets the same
 * bytes every time. That is why the StartTime comment and the legend are written here rather than
 * by {@link HistogramLogWriter#outputStartTime} (which prints the date in the default time zone)
 * and {@link HistogramLogWriter#outputLegend} (which ends the line with the platform separator).
 *
 * <p>Each interval line is written here too, with the text HistogramLogWriter writes (tag, start,
 * length, max, each number as its {@code %.3f}) but a payload deflated mostly with Huffman coding
 * alone ({@link EncodableLatencyCounts#encodeIntoCompactCompressedByteBuffer}) where
 * HistogramLogWriter always asks for level 9: the same counts, a smaller line, and from half to a
 * sixth of level 9's time on a busy interval. The numbers are formatted from integers, not through {@link java.util.Formatter}, and
 * each metric's tag is converted once. So a line costs what its interval holds: the encoding
 * visits only its non-zero counts, and what is left per line is zlib's few microseconds per stream.
 *
 * <p>Not thread-safe: one writer per log. Allocation: per writer, the encoder's 304 KB buffer and
 * Deflater, a 304 KB buffer for the compressed bytes, and a line buffer that grows to the longest
 * line; per line, the base64 of the compressed bytes; per metric, its tag's bytes.
 */
public final class HlogWriter implements Closeable {
    static final String LEGEND = "\"StartTimestamp\",\"Interval_Length\",\"Interval_Max\",\"Interval_Compressed_Histogram\"";
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss zzz yyyy",
            Locale.US).withZone(ZoneId.of("UTC"));
    private static final long NS_PER_MS = 1_000_000L;
    private static final byte[] TAG_PREFIX = "Tag=".getBytes(StandardCharsets.US_ASCII);
    /** A long's digits, a sign, a point and three decimals, three times, with commas and a newline. */
    private static final int NUMBERS_BYTES = 3 * 26 + 4;

    private final OutputStream output;
    /** False if the header could not be written: PrintStream, which wrote it, only keeps a flag. */
    private final boolean headerWritten;
    private final long runStartEpochMs;
    private final long runStartClockNs;
    /** Pointed at each interval's counts in turn, reusing its buffer and Deflater. */
    private final EncodableLatencyCounts encoder = new EncodableLatencyCounts();
    private final ByteBuffer compressed = ByteBuffer.allocate(encoder.getNeededByteBufferCapacity());
    private final Base64.Encoder base64 = Base64.getEncoder();
    /** "Tag=" and the tag, by metric: a recorder hands out one MetricId object per metric. Never iterated. */
    private final Map<MetricId, byte[]> tagPrefixes = new IdentityHashMap<>();
    private byte[] line = new byte[256];

    /**
     * Writes the header: format version, a comment naming the tool and the units, StartTime and
     * BaseTime (both {@code runStartEpochMs}), and the legend.
     *
     * @param output          where the log goes; closed by {@link #close()}
     * @param runStartEpochMs the run's start in ms since the epoch: the wall clock in real time, a
     *                        fixed value in virtual time
     * @param runStartClockNs the run's clock reading at that moment, which interval timestamps are relative to
     */
    public HlogWriter(OutputStream output, long runStartEpochMs, long runStartClockNs) {
        this.output = output;
        PrintStream print = new PrintStream(output, false, StandardCharsets.US_ASCII);
        HistogramLogWriter log = new HistogramLogWriter(print); // the header lines only
        this.runStartEpochMs = runStartEpochMs;
        this.runStartClockNs = runStartClockNs;
        log.outputLogFormatVersion();
        log.outputComment("[crucible-sim metric intervals: values in nanoseconds, Interval_Max in milliseconds,"
                + " one tag per report.aggregation.key]");
        log.outputComment(String.format(Locale.US, "[StartTime: %.3f (seconds since epoch), %s]",
                runStartEpochMs / 1000.0, DATE.format(Instant.ofEpochMilli(runStartEpochMs))));
        log.outputBaseTime(runStartEpochMs);
        print.print(LEGEND + "\n");
        headerWritten = !print.checkError(); // which flushes the header into output
    }

    /**
     * Writes one interval line: the interval's values, tagged with the metric's tag and stamped
     * with its start and end in ms since the epoch (run start + clock offset, floored to the ms).
     * Does not change {@code interval}.
     *
     * @throws IOException if the output failed
     */
    public void write(MetricInterval interval) throws IOException {
        if (!headerWritten) {
            throw new IOException("writing the interval log's header failed");
        }
        long startMs = epochMs(interval.startNs());
        long endMs = epochMs(interval.endNs());
        encoder.view(interval.counts(), null, startMs, endMs);
        compressed.clear();
        int compressedLength = encoder.encodeIntoCompactCompressedByteBuffer(compressed);
        byte[] payload = base64.encode(ByteBuffer.wrap(compressed.array(), 0, compressedLength)).array();

        byte[] tag = tagPrefixes.computeIfAbsent(interval.id(), HlogWriter::tagPrefix);
        int needed = tag.length + NUMBERS_BYTES + payload.length;
        if (line.length < needed) {
            line = Arrays.copyOf(line, Math.max(needed, 2 * line.length));
        }
        byte[] out = line;
        System.arraycopy(tag, 0, out, 0, tag.length);
        int pos = tag.length;
        // As HistogramLogWriter: start and length in seconds since the base time, max in ms, each %.3f.
        pos = putThousandths(out, pos, startMs - runStartEpochMs);
        out[pos++] = ',';
        pos = putThousandths(out, pos, endMs - startMs);
        out[pos++] = ',';
        // %.3f of maxNs / 1e6 rounds the exact decimal half up: maxNs < 2^42 has few enough digits
        // that the double's shortest decimal form is that exact quotient.
        long maxNs = (long) encoder.getMaxValueAsDouble();
        pos = putThousandths(out, pos, (maxNs + 500) / 1000);
        out[pos++] = ',';
        System.arraycopy(payload, 0, out, pos, payload.length);
        pos += payload.length;
        out[pos++] = '\n';
        // Straight to the output, which reports its own errors: PrintStream's checkError would flush
        // it, a write system call per line (about half of a small line's cost, measured).
        output.write(out, 0, pos);
    }

    /** @return {@code Tag=TAG,} in ASCII; HistogramLogWriter refuses the same tags */
    private static byte[] tagPrefix(MetricId id) {
        String tag = id.tag();
        for (int i = 0; i < tag.length(); i++) {
            char c = tag.charAt(i);
            if (c == ',' || c == ' ' || c == '\r' || c == '\n' || c > 0x7e) {
                throw new IllegalArgumentException("tag '" + tag + "' holds a comma, a space, a line break"
                        + " or a character that is not printable ASCII");
            }
        }
        byte[] ascii = tag.getBytes(StandardCharsets.US_ASCII);
        byte[] bytes = Arrays.copyOf(TAG_PREFIX, TAG_PREFIX.length + ascii.length + 1);
        System.arraycopy(ascii, 0, bytes, TAG_PREFIX.length, ascii.length);
        bytes[bytes.length - 1] = ',';
        return bytes;
    }

    /**
     * Writes {@code thousandths / 1000} with exactly three decimals, as {@code %.3f} prints it:
     * {@code 1234} as {@code 1.234}, {@code -5} as {@code -0.005}.
     *
     * @return the position after the last byte written
     */
    static int putThousandths(byte[] out, int pos, long thousandths) {
        if (thousandths < 0) {
            out[pos++] = '-';
            // Long.MIN_VALUE has no positive counterpart, but a ms offset of a clock never comes near it.
            thousandths = -thousandths;
        }
        long whole = thousandths / 1000;
        int fraction = (int) (thousandths % 1000);
        pos = putDigits(out, pos, whole);
        out[pos++] = '.';
        out[pos++] = (byte) ('0' + fraction / 100);
        out[pos++] = (byte) ('0' + fraction / 10 % 10);
        out[pos++] = (byte) ('0' + fraction % 10);
        return pos;
    }

    private static int putDigits(byte[] out, int pos, long value) {
        int digits = 1;
        for (long rest = value / 10; rest > 0; rest /= 10) {
            digits++;
        }
        int end = pos + digits;
        for (int i = end - 1; i >= pos; i--) {
            out[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        return end;
    }

    private long epochMs(long clockNs) {
        return runStartEpochMs + Math.floorDiv(clockNs - runStartClockNs, NS_PER_MS);
    }

    /** Closes the output, which flushes it, and frees the encoder's Deflaters. */
    @Override
    public void close() throws IOException {
        try {
            encoder.close();
        } finally {
            output.close();
        }
    }
}
