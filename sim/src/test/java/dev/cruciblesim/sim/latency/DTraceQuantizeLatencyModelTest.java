package dev.cruciblesim.sim.latency;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DTraceQuantizeLatencyModelTest {
    private static final String HEADER = "           value  ------------- Distribution ------------- count    ";
    private static final int DRAWS = 100_000;

    /** dtrace-format.md V2: perfdw `read for downstairs client 2`, with an interior zero row. */
    private static final Map<Long, Long> READ_CLIENT_2 = new TreeMap<>(Map.of(
            262144L, 204L, 524288L, 283L, 1048576L, 271L, 2097152L, 442L, 4194304L, 647L,
            8388608L, 658L, 16777216L, 447L, 33554432L, 46L, 134217728L, 2L));

    @Test
    void shouldReplayTheSelectedHistogramInItsBucketsAndProportions() throws IOException {
        LatencyModel model = LatencyModels.fromDTraceQuantize(perfdw(), "perfdw-excerpt.txt",
                "read for downstairs client 2");
        assertSamplesFollow(READ_CLIENT_2, SampleStats.draw(model, 31, DRAWS));
    }

    @Test
    void shouldMatchTheKeyWhateverItsSpacing() throws IOException {
        LatencyModel exact = LatencyModels.fromDTraceQuantize(perfdw(), "perfdw-excerpt.txt",
                "read for downstairs client 2");
        LatencyModel spaced = LatencyModels.fromDTraceQuantize(perfdw(), "perfdw-excerpt.txt",
                "  read for   downstairs client\t2 ");
        assertEquals(exact.describe(), spaced.describe());
    }

    @Test
    void shouldReadPerfgwKeysAndAcceptCrlfLineEnds() throws IOException {
        String perfgw = LatencyModelContractTest.resource("perfgw-excerpt.txt");
        LatencyModel unix = LatencyModels.fromDTraceQuantize(perfgw, "perfgw-excerpt.txt", "write");
        LatencyModel windows = LatencyModels.fromDTraceQuantize(perfgw.replace("\n", "\r\n"), "perfgw-excerpt.txt",
                "write");
        assertEquals(unix.describe(), windows.describe());
        assertArrayEquals(SampleStats.draw(unix, 32, 1_000).samplesNs, SampleStats.draw(windows, 32, 1_000).samplesNs);
        assertSamplesFollow(Map.of(33554432L, 355L, 67108864L, 645L), SampleStats.draw(unix, 33, DRAWS));
    }

    @Test
    void shouldDescribeSourceKeyAndNonEmptyBuckets() throws IOException {
        Map<String, Object> description = LatencyModels.fromDTraceQuantize(
                LatencyModelContractTest.resource("perfgw-excerpt.txt"), "perfgw-excerpt.txt", "read").describe();
        assertEquals(List.of("kind", "format", "source", "key", "buckets"), List.copyOf(description.keySet()));
        assertEquals("empirical", description.get("kind"));
        assertEquals("dtrace-quantize", description.get("format"));
        assertEquals("perfgw-excerpt.txt", description.get("source"));
        assertEquals("read", description.get("key"));
        assertEquals(List.of(List.of(33554432L, 353L), List.of(67108864L, 647L)), description.get("buckets"));
    }

    @Test
    void shouldMeanTheMidpointsOfTheBucketsWeightedByCount() {
        LatencyModel model = LatencyModels.fromDTraceQuantize(keyless(Map.of(0L, 1L, 4L, 3L)), "x.txt", null);
        // Bucket 0 holds 0; bucket 4 holds 4..7, mean 5.5.
        assertEquals((0 * 1 + 5.5 * 3) / 4, model.meanNs(), 1e-12);
    }

    @Test
    void shouldReadAKeylessHistogramWithAZeroBucket() {
        Map<Long, Long> counts = Map.of(0L, 10L, 1L, 30L, 64L, 60L);
        LatencyModel model = LatencyModels.fromDTraceQuantize(keyless(counts), "keyless.txt", null);
        assertFalse(model.describe().containsKey("key"));
        assertSamplesFollow(counts, SampleStats.draw(model, 34, DRAWS));
    }

    @Test
    void shouldReadTheModelFromAFileNamingOnlyTheFile(@TempDir Path directory) throws IOException {
        Path file = directory.resolve("perfdw.txt");
        Files.writeString(file, perfdw(), StandardCharsets.UTF_8);
        LatencyModel model = LatencyModels.fromDTraceQuantize(file, "read for downstairs client 0");
        assertEquals("perfdw.txt", model.describe().get("source"));
        assertRefused("perfdw.txt: no histogram with key 'write'; keys are: 'flush for downstairs client 1', "
                + "'read for downstairs client 0', 'read for downstairs client 2', 'read for downstairs client 1'",
                () -> LatencyModels.fromDTraceQuantize(file, "write"));
    }

    @Test
    void shouldRefuseTextWithoutAHistogram() {
        assertRefused("perfdw.txt: no quantize histogram found", () -> LatencyModels.fromDTraceQuantize(
                "dtrace: script 'perfdw.d' matched 0 probes\n^C\n\n", "perfdw.txt", null));
    }

    @Test
    void shouldRefuseToGuessBetweenSeveralHistograms() throws IOException {
        assertRefused("perfdw.txt: 4 histograms found (keys: 'flush for downstairs client 1', "
                + "'read for downstairs client 0', 'read for downstairs client 2', 'read for downstairs client 1'); "
                + "pick one with a key", () -> LatencyModels.fromDTraceQuantize(perfdw(), "perfdw.txt", null));
    }

    @Test
    void shouldRefuseTwoHistogramsWithTheSameKey() {
        String twice = "  read\n" + body(Map.of(8L, 1L)) + "\n  read\n" + body(Map.of(16L, 1L));
        assertRefused("x.txt: 2 histograms have key 'read' (headers at lines 2, 8); keep only one",
                () -> LatencyModels.fromDTraceQuantize(twice, "x.txt", "read"));
    }

    @Test
    void shouldRefuseAMalformedRowNamingItsLine() {
        String text = "dtrace: script 'perfdw.d' matched 0 probes\n^C\n\n  read\n" + HEADER + "\n"
                + "            4096 |                                         0        \n"
                + "   8192 |@@@ 5\n";
        assertRefused("perfdw.txt:7: quantize row '   8192 |@@@ 5' is not a label, '|', a 40-column bar and a count",
                () -> LatencyModels.fromDTraceQuantize(text, "perfdw.txt", "read"));
    }

    @Test
    void shouldRefuseTheSeedsCutShortRow() {
        // The seed README's perfgw flush histogram ends in a row that lost its count (spec §9(b)).
        String text = "  flush\n" + HEADER + "\n"
                + "        67108864 |@@@@@@@@@@@@@@@@@@@@@@@@@@               647\n"
                + "       134217728 |\n";
        assertRefused("perfgw.txt:4: quantize row '       134217728 |' has no count "
                + "(DTrace always prints one; was the line cut short?)",
                () -> LatencyModels.fromDTraceQuantize(text, "perfgw.txt", null));
    }

    @Test
    void shouldRefuseLabelsThatAreNotQuantizeBuckets() {
        String text = "  read\n" + HEADER + "\n" + row(3000, 1, 1) + "\n";
        assertRefused("x.txt:3: quantize row '" + row(3000, 1, 1) + "' has label 3000, which is not a quantize "
                + "bucket (0 or a power of two)", () -> LatencyModels.fromDTraceQuantize(text, "x.txt", null));
    }

    @Test
    void shouldRefuseCountsInNegativeBuckets() {
        String text = "  read\n" + HEADER + "\n" + row(-4, 3, 4) + "\n" + row(0, 1, 4) + "\n";
        assertRefused("x.txt:3: quantize row '" + row(-4, 3, 4) + "' counts values in negative bucket -4, but "
                + "latencies cannot be negative", () -> LatencyModels.fromDTraceQuantize(text, "x.txt", null));
    }

    @Test
    void shouldAcceptTheEmptyNegativeRowPrintedBelowAZeroBucket() {
        // quantize prints one empty row below the first non-empty bucket, here bucket -1 below 0.
        String text = "  read\n" + HEADER + "\n" + row(-1, 0, 5) + "\n" + row(0, 5, 5) + "\n" + row(1, 0, 5) + "\n";
        LatencyModel model = LatencyModels.fromDTraceQuantize(text, "x.txt", null);
        assertEquals(0, SampleStats.draw(model, 35, 100).maxNs);
    }

    @Test
    void shouldRefuseAHistogramWhoseCountsAreAllZero() {
        // What dtrace prints for a cleared aggregation (spec §3.2): rows -1, 0 and 1, all zero.
        String text = "  read\n" + HEADER + "\n" + row(-1, 0, 0) + "\n" + row(0, 0, 0) + "\n" + row(1, 0, 0) + "\n";
        assertRefused("perfdw.txt: histogram 'read' is empty (all counts 0)",
                () -> LatencyModels.fromDTraceQuantize(text, "perfdw.txt", "read"));
        assertRefused("perfdw.txt: the keyless histogram is empty (all counts 0)",
                () -> LatencyModels.fromDTraceQuantize(keyless(Map.of()), "perfdw.txt", null));
    }

    @Test
    void shouldRefuseBucketsBeyondTheLongestModelledDelay() {
        long label = 1L << 61;
        String text = "\n" + HEADER + "\n" + row(label, 1, 1) + "\n";
        assertRefused("x.txt:3: quantize row '" + row(label, 1, 1) + "' has bucket " + label + " ns, whose values "
                + "exceed the longest delay modelled (" + LatencyModels.MAX_DELAY_NS + " ns)",
                () -> LatencyModels.fromDTraceQuantize(text, "x.txt", null));
        long largestAllowed = 1L << 60;
        LatencyModel model = LatencyModels.fromDTraceQuantize("\n" + HEADER + "\n" + row(largestAllowed, 1, 1)
                + "\n", "x.txt", null);
        assertTrue(SampleStats.draw(model, 36, 1_000).maxNs <= LatencyModels.MAX_DELAY_NS);
    }

    /**
     * Buckets every sample the way quantize() does and checks that only the input's buckets occur,
     * each within 5 standard errors of its input share.
     */
    private static void assertSamplesFollow(Map<Long, Long> inputCounts, SampleStats stats) {
        long inputTotal = inputCounts.values().stream().mapToLong(Long::longValue).sum();
        Map<Long, Long> sampledCounts = new TreeMap<>();
        for (long sample : stats.samplesNs) {
            sampledCounts.merge(sample == 0 ? 0 : Long.highestOneBit(sample), 1L, Long::sum);
        }
        for (Map.Entry<Long, Long> sampled : sampledCounts.entrySet()) {
            assertTrue(inputCounts.containsKey(sampled.getKey()),
                    "sampled bucket " + sampled.getKey() + " is not in the input " + inputCounts.keySet());
        }
        int n = stats.samplesNs.length;
        for (Map.Entry<Long, Long> input : inputCounts.entrySet()) {
            double share = input.getValue() / (double) inputTotal;
            double sampledShare = sampledCounts.getOrDefault(input.getKey(), 0L) / (double) n;
            assertEquals(share, sampledShare, 5 * Math.sqrt(share * (1 - share) / n),
                    "share of bucket " + input.getKey());
        }
    }

    private static void assertRefused(String expectedMessage, Executable build) {
        LatencyModelException e = assertThrows(LatencyModelException.class, build);
        assertEquals(expectedMessage, e.getMessage());
    }

    private static String perfdw() throws IOException {
        return LatencyModelContractTest.resource("perfdw-excerpt.txt");
    }

    /** A keyless record as dtrace prints it: blank line, header, rows, blank line. */
    private static String keyless(Map<Long, Long> counts) {
        return "\n" + body(counts) + "\n";
    }

    /** Header and rows for these bucket counts, with dtrace's edge rows and padding (spec §3). */
    private static String body(Map<Long, Long> counts) {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        TreeMap<Long, Long> sorted = new TreeMap<>(counts);
        long total = sorted.values().stream().mapToLong(Long::longValue).sum();
        if (sorted.isEmpty()) {
            sorted.put(-1L, 0L);
            sorted.put(0L, 0L);
            sorted.put(1L, 0L);
        } else {
            long first = sorted.firstKey();
            sorted.putIfAbsent(first == 0 ? -1 : first == 1 ? 0 : first / 2, 0L);
            sorted.putIfAbsent(sorted.lastKey() * 2, 0L);
            for (long label = Math.max(1, sorted.firstKey()); label < sorted.lastKey(); label *= 2) {
                sorted.putIfAbsent(label, 0L);
            }
        }
        sorted.forEach((label, count) -> text.append(row(label, count, total)).append('\n'));
        return text.toString();
    }

    private static String row(long label, long count, long total) {
        int bar = total == 0 ? 0 : (int) (Math.abs((double) count) * 40.0 / total + 0.5);
        return String.format("%16d |%s%s %-9d", label, "@".repeat(bar), " ".repeat(40 - bar), count);
    }
}
