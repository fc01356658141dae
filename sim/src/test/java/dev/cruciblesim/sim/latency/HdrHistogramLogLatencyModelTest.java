package dev.cruciblesim.sim.latency;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HdrHistogramLogLatencyModelTest {
    private static final int DRAWS = 100_000;
    private static final int SIGNIFICANT_DIGITS = 2;

    @TempDir
    Path directory;

    @Test
    void shouldReplayTheSumOfOneTagsIntervals() throws IOException {
        Histogram[] reads = {recorded(41, 20_000, 0.6), recorded(42, 20_000, 0.6), recorded(43, 30_000, 0.3)};
        Histogram[] writes = {recorded(44, 400_000, 0.5), recorded(45, 500_000, 0.5)};
        Path log = writeLog("two-tags.hlog", "read", reads, "write", writes);
        Histogram source = sum(reads);

        LatencyModel model = LatencyModels.fromHdrHistogramLog(log, "read");
        SampleStats stats = SampleStats.draw(model, 46, DRAWS);

        Histogram replayed = new Histogram(SIGNIFICANT_DIGITS);
        for (long sample : stats.samplesNs) {
            assertTrue(source.getCountAtValue(sample) > 0, () -> sample + " ns lies in no recorded range");
            replayed.recordValue(sample);
        }
        assertTrue(stats.minNs >= source.lowestEquivalentValue(source.getMinValue()));
        assertTrue(stats.maxNs <= source.highestEquivalentValue(source.getMaxValue()));
        for (double percentile : new double[] {10, 50, 90, 99}) {
            double expectedNs = source.getValueAtPercentile(percentile);
            assertEquals(expectedNs, replayed.getValueAtPercentile(percentile), 0.03 * expectedNs,
                    "p" + percentile);
        }
        assertEquals(source.getMean(), model.meanNs(), 0.01 * source.getMean(), "mean of the same ranges");
        stats.assertMeanMatches(model, stats.stddevNs);
    }

    @Test
    void shouldDescribeSourceTagAndRanges() throws IOException {
        Histogram read = new Histogram(SIGNIFICANT_DIGITS);
        read.recordValueWithCount(50, 3);
        read.recordValueWithCount(10_000, 1);
        Path log = writeLog("described.hlog", "read", new Histogram[] {read}, "write",
                new Histogram[] {recorded(47, 1_000, 0.1)});

        Map<String, Object> description = LatencyModels.fromHdrHistogramLog(log, "read").describe();
        assertEquals(List.of("kind", "format", "source", "tag", "ranges"), List.copyOf(description.keySet()));
        assertEquals("empirical", description.get("kind"));
        assertEquals("hdrhistogram-log", description.get("format"));
        assertEquals("described.hlog", description.get("source"));
        assertEquals("read", description.get("tag"));
        assertEquals(List.of(
                List.of(50L, 50L, 3L),
                List.of(read.lowestEquivalentValue(10_000), read.highestEquivalentValue(10_000), 1L)),
                description.get("ranges"));
    }

    @Test
    void shouldUseUntaggedIntervalsWhenNoTagIsGiven() throws IOException {
        Histogram untagged = new Histogram(SIGNIFICANT_DIGITS);
        untagged.recordValueWithCount(7, 10);
        Path log = writeLog("mixed.hlog", null, new Histogram[] {untagged}, "write",
                new Histogram[] {recorded(48, 1_000, 0.1)});
        LatencyModel model = LatencyModels.fromHdrHistogramLog(log, null);
        assertEquals(7.0, model.meanNs());
        assertTrue(!model.describe().containsKey("tag"));
    }

    @Test
    void shouldUseTheOnlyTagWhenNoTagIsGivenAndNothingIsUntagged() throws IOException {
        Path log = writeLog("one-tag.hlog", "flush", new Histogram[] {recorded(49, 3_000, 0.2)}, null, null);
        assertEquals("flush", LatencyModels.fromHdrHistogramLog(log, null).describe().get("tag"));
    }

    @Test
    void shouldRefuseToGuessBetweenTags() throws IOException {
        Path log = writeLog("two-tags.hlog", "read", new Histogram[] {recorded(50, 1_000, 0.1)}, "write",
                new Histogram[] {recorded(51, 1_000, 0.1)});
        assertRefused("two-tags.hlog: no untagged intervals and 2 tags; pick one with a tag: tags are: "
                + "'read', 'write'", () -> LatencyModels.fromHdrHistogramLog(log, null));
    }

    @Test
    void shouldRefuseAnUnknownTagListingTheTags() throws IOException {
        Path log = writeLog("two-tags.hlog", "read", new Histogram[] {recorded(52, 1_000, 0.1)}, "write",
                new Histogram[] {recorded(53, 1_000, 0.1)});
        assertRefused("two-tags.hlog: no interval with tag 'flush'; tags are: 'read', 'write'",
                () -> LatencyModels.fromHdrHistogramLog(log, "flush"));
    }

    @Test
    void shouldRefuseATagWhoseIntervalsAreEmpty() throws IOException {
        Path log = writeLog("empty.hlog", "read", new Histogram[] {new Histogram(SIGNIFICANT_DIGITS)}, null, null);
        assertRefused("empty.hlog: intervals tagged 'read' are empty (all counts 0)",
                () -> LatencyModels.fromHdrHistogramLog(log, "read"));
    }

    @Test
    void shouldRefuseALogWithoutIntervals() throws IOException {
        Path log = directory.resolve("nothing.hlog");
        Files.writeString(log, "#[StartTime: 1.000 (seconds since epoch)]\n", StandardCharsets.UTF_8);
        assertRefused("nothing.hlog: no interval histograms found", () -> LatencyModels.fromHdrHistogramLog(log, null));
    }

    @Test
    void shouldRefuseADamagedLogNamingTheFile() throws IOException {
        Path log = directory.resolve("damaged.hlog");
        Files.writeString(log, "Tag=read,0.000,1.000,5.000,HISTFAAAAC!!!not-base64\n", StandardCharsets.UTF_8);
        LatencyModelException e = assertThrows(LatencyModelException.class,
                () -> LatencyModels.fromHdrHistogramLog(log, "read"));
        assertTrue(e.getMessage().startsWith("damaged.hlog: "), e.getMessage());
    }

    /** Lognormal-ish latencies around medianNs, recorded the way a probe would. */
    private static Histogram recorded(long seed, double medianNs, double sigma) {
        SplittableRandom random = new SplittableRandom(seed);
        LatencyModel model = LatencyModels.lognormal(medianNs, sigma);
        Histogram histogram = new Histogram(SIGNIFICANT_DIGITS);
        for (int i = 0; i < 20_000; i++) {
            histogram.recordValue(model.sampleNs(random));
        }
        return histogram;
    }

    private static Histogram sum(Histogram... intervals) {
        Histogram total = new Histogram(SIGNIFICANT_DIGITS);
        for (Histogram interval : intervals) {
            total.add(interval);
        }
        return total;
    }

    /** Writes the intervals of two tags (null: untagged; null array: none) interleaved in time. */
    private Path writeLog(String name, String firstTag, Histogram[] first, String secondTag, Histogram[] second)
            throws FileNotFoundException {
        Path file = directory.resolve(name);
        HistogramLogWriter writer = new HistogramLogWriter(file.toFile());
        try {
            writer.outputLogFormatVersion();
            writer.outputStartTime(1_700_000_000_000L);
            writer.outputLegend();
            int intervals = Math.max(first.length, second == null ? 0 : second.length);
            for (int i = 0; i < intervals; i++) {
                if (i < first.length) {
                    output(writer, first[i], firstTag, i);
                }
                if (second != null && i < second.length) {
                    output(writer, second[i], secondTag, i);
                }
            }
        } finally {
            writer.close();
        }
        return file;
    }

    private static void output(HistogramLogWriter writer, Histogram interval, String tag, int index) {
        Histogram copy = interval.copy();
        copy.setTag(tag);
        copy.setStartTimeStamp(1_700_000_000_000L + index * 1_000L);
        copy.setEndTimeStamp(1_700_000_000_000L + (index + 1) * 1_000L);
        writer.outputIntervalHistogram(copy);
    }

    private static void assertRefused(String expectedMessage, Executable build) {
        LatencyModelException e = assertThrows(LatencyModelException.class, build);
        assertEquals(expectedMessage, e.getMessage());
    }
}
