package dev.cruciblesim.tracing.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cruciblesim.tracing.probe.ProbeRegistry;
import dev.cruciblesim.tracing.report.DTraceReport;
import dev.cruciblesim.tracing.report.Reports;
import dev.cruciblesim.tracing.stats.LatencyCounts;
import dev.cruciblesim.tracing.stats.LatencyHistograms;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.TimeZone;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.HdrHistogram.HistogramLogWriter;
import org.junit.jupiter.api.Test;

class HlogWriterTest {
    /** 2023-11-14T22:13:20Z: a fixed run start, as a virtual-time run passes. */
    private static final long RUN_START_EPOCH_MS = 1_700_000_000_000L;
    private static final long INTERVAL_NS = 250_000_000L;

    /** A virtual-time perfgw + perfdw run sampled every 250 ms of clock time; returns every interval in order. */
    private static List<MetricInterval> virtualRun() {
        return virtualRun(false);
    }

    private static List<MetricInterval> virtualRun(boolean singleThreaded) {
        ProbeRegistry registry = new ProbeRegistry();
        Upstairs upstairs = new Upstairs(registry);
        DTraceReport perfgw = Reports.create("perfgw");
        DTraceReport perfdw = Reports.create("perfdw");
        MetricRecorder recorder = new MetricRecorder(List.of(perfgw, perfdw), singleThreaded);
        perfgw.enable(registry);
        perfdw.enable(registry);
        List<MetricInterval> intervals = new ArrayList<>();
        long startNs = Upstairs.START_NS;
        for (long id = 1; id <= 400; id++) {
            upstairs.clientIo(id % 2 == 0 ? "read" : "write", 1000 + id, id % 3, 1_000_000 + id * 997);
            upstairs.guestIo(id % 2 == 0 ? "read" : "write", id, 500_000 + id * 13);
            while (upstairs.clock.nanoTime() >= startNs + INTERVAL_NS) {
                intervals.addAll(recorder.sampleInterval(startNs, startNs + INTERVAL_NS));
                startNs += INTERVAL_NS;
            }
        }
        intervals.addAll(recorder.sampleInterval(startNs, upstairs.clock.nanoTime()));
        return intervals;
    }

    private static byte[] write(List<MetricInterval> intervals) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (HlogWriter writer = new HlogWriter(bytes, RUN_START_EPOCH_MS, Upstairs.START_NS)) {
            for (MetricInterval interval : intervals) {
                writer.write(interval);
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void shouldReadBackEveryIntervalWithItsTagCountAndTimes() throws IOException {
        List<MetricInterval> intervals = virtualRun();
        List<Long> counts = intervals.stream().map(i -> i.histogram().getTotalCount()).toList();
        byte[] log = write(intervals);

        HistogramLogReader reader = new HistogramLogReader(new ByteArrayInputStream(log));
        List<EncodableHistogram> read = new ArrayList<>();
        for (EncodableHistogram h = reader.nextIntervalHistogram(); h != null; h = reader.nextIntervalHistogram()) {
            read.add(h);
        }

        assertTrue(intervals.size() > 10, intervals.size() + " intervals");
        assertEquals(intervals.size(), read.size());
        assertEquals(RUN_START_EPOCH_MS / 1000.0, reader.getStartTimeSec());
        for (int i = 0; i < intervals.size(); i++) {
            MetricInterval written = intervals.get(i);
            Histogram back = (Histogram) read.get(i);
            assertEquals(written.id().tag(), back.getTag());
            assertEquals(counts.get(i), back.getTotalCount(), written.id().tag());
            assertEquals(written.histogram(), back, written.id().tag());
            long startMs = RUN_START_EPOCH_MS + (written.startNs() - Upstairs.START_NS) / 1_000_000;
            long endMs = RUN_START_EPOCH_MS + (written.endNs() - Upstairs.START_NS) / 1_000_000;
            // The reader rebuilds ms from 3-decimal seconds in floating point, so allow 1 ms.
            assertEquals(startMs, back.getStartTimeStamp(), 1, written.id().tag());
            assertEquals(endMs, back.getEndTimeStamp(), 1, written.id().tag());
        }
        assertTrue(read.stream().anyMatch(h -> h.getTag().equals("perfdw.time.read_for_downstairs_client.0")));
    }

    /**
     * The text of each line is HistogramLogWriter's for the same histogram (tag, start, length and
     * max as its {@code %.3f} gives them, odd milliseconds and half-way maxima included); the
     * payload holds the same counts, HdrHistogram's own uncompressed encoding once inflated, in no
     * more bytes than HistogramLogWriter's level 9 takes.
     */
    @Test
    void shouldWriteEachLineAsHistogramLogWriterWritesTheRecordedHistogramButMoreCompactly()
            throws IOException, DataFormatException {
        long highest = LatencyHistograms.HIGHEST_TRACKABLE_VALUE_NS;
        SplittableRandom random = new SplittableRandom(9);
        long[] bounds = {2_000, 200_000, 50_000_000, highest + 1};
        long[] many = new long[3_000];
        for (int i = 0; i < many.length; i++) {
            many[i] = random.nextLong(bounds[random.nextInt(bounds.length)]);
        }
        // 500 and 1,500 ns: maxima of 0.0005 and 0.0015 ms, which %.3f rounds half up.
        long[][] contents = {{}, {0}, {1}, {500}, {1_500}, {2047, 2048, 2049}, {highest}, {(1L << 42) - 1, 0},
            many};
        List<MetricInterval> intervals = new ArrayList<>();
        List<Histogram> recorded = new ArrayList<>();
        long startNs = Upstairs.START_NS;
        for (int i = 0; i <= contents.length; i++) {
            LatencyCounts counts = new LatencyCounts();
            Histogram histogram = LatencyHistograms.newHistogram();
            if (i == contents.length) { // a count whose ZigZag form takes 9 bytes
                counts.recordValueWithCount(40_000, 1L << 60);
                histogram.recordValueWithCount(40_000, 1L << 60);
            }
            for (long value : i < contents.length ? contents[i] : new long[0]) {
                counts.recordValue(value);
                histogram.recordValue(value);
            }
            // Lengths of odd milliseconds and fractions of one, which the line's times floor.
            long endNs = startNs + INTERVAL_NS + i * 1_234_567L;
            MetricInterval interval = new MetricInterval(new MetricId("perfdw", "time", List.of("read", (long) i)),
                    startNs, endNs, counts);
            histogram.setTag(interval.id().tag());
            histogram.setStartTimeStamp(RUN_START_EPOCH_MS + (startNs - Upstairs.START_NS) / 1_000_000);
            histogram.setEndTimeStamp(RUN_START_EPOCH_MS + (endNs - Upstairs.START_NS) / 1_000_000);
            intervals.add(interval);
            recorded.add(histogram);
            startNs = endNs;
        }
        byte[] log = write(intervals);

        ByteArrayOutputStream reference = new ByteArrayOutputStream();
        HistogramLogWriter referenceWriter = new HistogramLogWriter(new PrintStream(reference, true,
                StandardCharsets.US_ASCII));
        referenceWriter.setBaseTime(RUN_START_EPOCH_MS);
        for (Histogram histogram : recorded) {
            referenceWriter.outputIntervalHistogram(histogram);
        }
        List<String> expectedLines = new String(reference.toByteArray(), StandardCharsets.US_ASCII).lines().toList();
        List<String> allLines = new String(log, StandardCharsets.US_ASCII).lines().toList();
        List<String> lines = allLines.subList(5, allLines.size());
        assertEquals(expectedLines.size(), lines.size());
        long payloadBytes = 0;
        long referencePayloadBytes = 0;
        for (int i = 0; i < lines.size(); i++) {
            String[] expected = expectedLines.get(i).split(",");
            String[] actual = lines.get(i).split(",");
            assertEquals(List.of(expected).subList(0, 4), List.of(actual).subList(0, 4), lines.get(i));
            byte[] payload = Base64.getDecoder().decode(actual[4]);
            byte[] referencePayload = Base64.getDecoder().decode(expected[4]);
            assertArrayEquals(uncompressed(recorded.get(i)), inflate(payload), lines.get(i));
            assertTrue(payload.length <= referencePayload.length, payload.length + " > " + referencePayload.length
                    + " bytes: " + lines.get(i));
            payloadBytes += payload.length;
            referencePayloadBytes += referencePayload.length;
        }
        assertTrue(payloadBytes < referencePayloadBytes, payloadBytes + " >= " + referencePayloadBytes);

        HistogramLogReader reader = new HistogramLogReader(new ByteArrayInputStream(log));
        for (Histogram expected : recorded) {
            Histogram back = (Histogram) reader.nextIntervalHistogram();
            assertEquals(expected, back, expected.getTag());
            assertEquals(expected.getTotalCount(), back.getTotalCount(), expected.getTag());
            assertEquals(expected.getMinValue(), back.getMinValue(), expected.getTag());
            assertEquals(expected.getMaxValue(), back.getMaxValue(), expected.getTag());
            assertEquals(expected.getTag(), back.getTag());
            // The reader rebuilds ms from 3-decimal seconds in floating point, so allow 1 ms.
            assertEquals(expected.getStartTimeStamp(), back.getStartTimeStamp(), 1, expected.getTag());
            assertEquals(expected.getEndTimeStamp(), back.getEndTimeStamp(), 1, expected.getTag());
            for (long value = 0; value <= highest; value = expected.nextNonEquivalentValue(value) * 5 / 4) {
                assertEquals(expected.getCountAtValue(value), back.getCountAtValue(value), expected.getTag());
            }
        }
        assertNull(reader.nextIntervalHistogram());
    }

    @Test
    void shouldPrintThousandthsAsPercentThreeFPrintsTheQuotient() {
        byte[] out = new byte[32];
        for (long thousandths : new long[] {0, 1, 9, 10, 999, 1_000, 1_001, 1_234, 250_000, 1_700_000_000_123L, -5,
            -1_234}) {
            int length = HlogWriter.putThousandths(out, 0, thousandths);
            assertEquals(String.format(Locale.US, "%.3f", thousandths / 1000.0),
                    new String(out, 0, length, StandardCharsets.US_ASCII));
        }
    }

    private static byte[] uncompressed(Histogram histogram) {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoByteBuffer(buffer);
        return Arrays.copyOf(buffer.array(), length);
    }

    /** @return the uncompressed form inside HdrHistogram's compressed one: a cookie, a length, zlib */
    private static byte[] inflate(byte[] compressed) throws DataFormatException {
        ByteBuffer buffer = ByteBuffer.wrap(compressed);
        assertEquals(0x1c849314, buffer.getInt(), "the compressed-histogram cookie");
        int length = buffer.getInt();
        assertEquals(compressed.length - 8, length);
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(compressed, 8, length);
            byte[] out = new byte[400_000];
            int inflated = inflater.inflate(out);
            assertTrue(inflater.finished());
            return Arrays.copyOf(out, inflated);
        } finally {
            inflater.end();
        }
    }

    @Test
    void shouldWriteTheHeaderAndRelativeSeconds() throws IOException {
        List<String> lines = new String(write(virtualRun()), StandardCharsets.US_ASCII).lines().toList();

        assertEquals("#[Histogram log format version 1.3]", lines.get(0));
        assertTrue(lines.get(1).startsWith("#[crucible-sim ") && lines.get(1).contains("nanoseconds"), lines.get(1));
        assertEquals("#[StartTime: 1700000000.000 (seconds since epoch), Tue Nov 14 22:13:20 UTC 2023]", lines.get(2));
        assertEquals("#[BaseTime: 1700000000.000 (seconds since epoch)]", lines.get(3));
        assertEquals(HlogWriter.LEGEND, lines.get(4));
        assertTrue(lines.get(5).startsWith("Tag=perfgw.time.read,0.000,0.250,"), lines.get(5));
        for (String line : lines.subList(5, lines.size())) {
            assertTrue(line.matches("Tag=[^\\s,]+,\\d+\\.\\d{3},\\d+\\.\\d{3},\\d+\\.\\d{3},HISTF\\S+"), line);
        }
    }

    @Test
    void shouldWriteTheSameBytesForTheSameRunInAnyTimeZone() throws IOException {
        byte[] first = write(virtualRun());
        TimeZone zone = TimeZone.getDefault();
        byte[] second;
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("America/New_York"));
            second = write(virtualRun());
        } finally {
            TimeZone.setDefault(zone);
        }

        assertArrayEquals(first, second);
    }

    @Test
    void shouldWriteTheSameBytesInSingleThreadedMode() throws IOException {
        byte[] concurrent = write(virtualRun(false));
        byte[] singleThreaded = write(virtualRun(true));

        assertArrayEquals(concurrent, singleThreaded);
        assertArrayEquals(singleThreaded, write(virtualRun(true)));
    }

    @Test
    void shouldReportAFailedOutput() {
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("disk full");
            }
        };
        List<MetricInterval> intervals = virtualRun();

        IOException failure = assertThrows(IOException.class, () -> {
            try (HlogWriter writer = new HlogWriter(broken, RUN_START_EPOCH_MS, Upstairs.START_NS)) {
                writer.write(intervals.get(0));
            }
        });
        assertNull(failure.getCause());
    }
}
