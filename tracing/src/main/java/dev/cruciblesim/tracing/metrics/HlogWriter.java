package dev.cruciblesim.tracing.metrics;

import dev.cruciblesim.tracing.stats.EncodableLatencyCounts;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.HdrHistogram.HistogramLogWriter;

/**
 * Writes {@link MetricInterval}s as an HdrHistogram interval log (format 1.3, one tag per metric),
 * which HdrHistogram's HistogramLogReader, HistogramLogProcessor and HistogramLogAnalyzer read.
 * Interval timestamps are seconds since the run start; the histogram values are nanoseconds and
 * the Interval_Max column milliseconds, as HdrHistogram's tools assume.
 *
 * <p>The output depends only on the arguments, never on the wall clock, the time zone or the
 * platform's line separator, so a virtual-time run that passes a fixed start time gets the same
 * bytes every time. That is why the StartTime comment and the legend are written here rather than
 * by {@link HistogramLogWriter#outputStartTime} (which prints the date in the default time zone)
 * and {@link HistogramLogWriter#outputLegend} (which ends the line with the platform separator);
 * the bytes are otherwise the same as theirs. Each interval line is encoded from the interval's
 * counts by {@link EncodableLatencyCounts}, byte for byte as HdrHistogram encodes a Histogram of the
 * same values. Not thread-safe: one writer per log. Allocation: per writer, the encoder's 304 KB
 * buffer and Deflater and HistogramLogWriter's 304 KB target buffer; per line, the copy of the
 * compressed bytes, their base64 and the formatted line that HistogramLogWriter makes.
 */
public final class HlogWriter implements Closeable {
    static final String LEGEND = "\"StartTimestamp\",\"Interval_Length\",\"Interval_Max\",\"Interval_Compressed_Histogram\"";
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss zzz yyyy",
            Locale.US).withZone(ZoneId.of("UTC"));
    private static final long NS_PER_MS = 1_000_000L;

    private final OutputStream output;
    private final PrintStream print;
    private final HistogramLogWriter log;
    private final long runStartEpochMs;
    private final long runStartClockNs;
    /** Pointed at each interval's counts in turn, reusing its buffer and Deflater. */
    private final EncodableLatencyCounts encoder = new EncodableLatencyCounts();

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
        this.print = new PrintStream(output, false, StandardCharsets.US_ASCII);
        this.log = new HistogramLogWriter(print);
        this.runStartEpochMs = runStartEpochMs;
        this.runStartClockNs = runStartClockNs;
        log.outputLogFormatVersion();
        log.outputComment("[crucible-sim metric intervals: values in nanoseconds, Interval_Max in milliseconds,"
                + " one tag per report.aggregation.key]");
        log.outputComment(String.format(Locale.US, "[StartTime: %.3f (seconds since epoch), %s]",
                runStartEpochMs / 1000.0, DATE.format(Instant.ofEpochMilli(runStartEpochMs))));
        log.outputBaseTime(runStartEpochMs);
        log.setBaseTime(runStartEpochMs);
        print.print(LEGEND + "\n");
    }

    /**
     * Writes one interval line: the interval's values, tagged with the metric's tag and stamped
     * with its start and end in ms since the epoch (run start + clock offset, floored to the ms).
     * Does not change {@code interval}.
     *
     * @throws IOException if the output failed
     */
    public void write(MetricInterval interval) throws IOException {
        log.outputIntervalHistogram(encoder.view(interval.counts(), interval.id().tag(),
                epochMs(interval.startNs()), epochMs(interval.endNs())));
        checkError();
    }

    private long epochMs(long clockNs) {
        return runStartEpochMs + Math.floorDiv(clockNs - runStartClockNs, NS_PER_MS);
    }

    /** Flushes; PrintStream swallows IO errors, so they are checked for here. */
    private void checkError() throws IOException {
        if (print.checkError()) {
            throw new IOException("writing the interval log failed");
        }
    }

    /** Flushes and closes the output, and frees the encoder's Deflater. */
    @Override
    public void close() throws IOException {
        try {
            checkError();
        } finally {
            try {
                encoder.close();
            } finally {
                output.close();
            }
        }
    }
}
