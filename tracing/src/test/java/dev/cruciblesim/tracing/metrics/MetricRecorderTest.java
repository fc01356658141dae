package dev.cruciblesim.tracing.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cruciblesim.tracing.dtrace.Aggregation;
import dev.cruciblesim.tracing.dtrace.AggregationFunction;
import dev.cruciblesim.tracing.dtrace.KeyType;
import dev.cruciblesim.tracing.dtrace.RecordedValues;
import dev.cruciblesim.tracing.probe.ProbeRegistry;
import dev.cruciblesim.tracing.report.DTraceReport;
import dev.cruciblesim.tracing.report.Reports;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class MetricRecorderTest {
    private static final long SECOND_NS = 1_000_000_000L;

    private static List<String> tags(List<MetricInterval> intervals) {
        return intervals.stream().map(interval -> interval.id().tag()).toList();
    }

    private static MetricSummary summary(List<MetricSummary> summaries, String tag) {
        return summaries.stream().filter(s -> s.id().tag().equals(tag)).findFirst()
                .orElseThrow(() -> new AssertionError("no summary " + tag + " in " + summaries));
    }

    @Test
    void shouldOrderByReportPositionThenVariableIdThenKey() {
        ProgramReport b = new ProgramReport("b");
        Aggregation z = b.program.aggregation("z", AggregationFunction.quantize(), KeyType.STRING, KeyType.INT64);
        Aggregation a = b.program.aggregation("a", AggregationFunction.lquantize(-10, 10, 1), KeyType.INT64);
        Aggregation calls = b.program.aggregation("calls", AggregationFunction.count());
        ProgramReport first = new ProgramReport("a");
        Aggregation t = first.program.aggregation("t", AggregationFunction.quantize());
        MetricRecorder recorder = new MetricRecorder(List.of(b, first));

        t.aggregate(1);
        a.aggregate(5, 1);
        z.aggregate("b", 10, 1);
        calls.increment();
        a.aggregate(-1, 1);
        z.aggregate("b", 9, 1);
        z.aggregate("a", 100, 1);
        List<String> expected = List.of("b.z.a.100", "b.z.b.9", "b.z.b.10", "b.a.-1", "b.a.5", "a.t");

        assertEquals(expected, tags(recorder.sampleInterval(0, SECOND_NS)));
        assertEquals(expected, recorder.summaries().stream().map(s -> s.id().tag()).toList());
    }

    @Test
    void shouldMergeTheShardsOfTwoThreadsExactly() throws InterruptedException {
        ProgramReport report = new ProgramReport("r");
        Aggregation time = report.program.aggregation("time", AggregationFunction.quantize(), KeyType.STRING);
        MetricRecorder recorder = new MetricRecorder(List.of(report));
        int firings = 10_000;
        Thread odd = new Thread(() -> {
            for (int i = 0; i < firings; i++) {
                time.aggregate("io", 2L * i + 1);
            }
        });
        Thread even = new Thread(() -> {
            for (int i = 0; i < firings; i++) {
                time.aggregate("io", 2L * i);
            }
        });
        odd.start();
        even.start();
        odd.join();
        even.join();

        List<MetricInterval> intervals = recorder.sampleInterval(0, SECOND_NS);
        MetricSummary summary = recorder.summaries().get(0);

        assertEquals(1, intervals.size());
        assertEquals(2L * firings, intervals.get(0).histogram().getTotalCount());
        assertEquals(2L * firings, summary.count());
        assertEquals(0, summary.minNs());
        assertEquals(2L * firings - 1, summary.maxNs());
        long n = 2L * firings;
        assertEquals(n * (n - 1) / 2, summary.sumNs());
        assertEquals((n - 1) / 2.0, summary.meanNs());
        assertEquals(2L * firings, summary.histogram().getTotalCount());
        assertEquals(time.snapshot().get(0).quantizeBuckets(), summary.powerOfTwoBuckets());
    }

    @Test
    void shouldPartitionTheTotalsIntoIntervalsAndOmitEmptyOnes() {
        ProgramReport report = new ProgramReport("r");
        Aggregation time = report.program.aggregation("time", AggregationFunction.quantize(), KeyType.STRING);
        MetricRecorder recorder = new MetricRecorder(List.of(report));

        for (int i = 1; i <= 100; i++) {
            time.aggregate("read", i * 1_000L);
        }
        time.aggregate("write", 5);
        List<MetricInterval> first = recorder.sampleInterval(0, SECOND_NS);
        for (int i = 1; i <= 50; i++) {
            time.aggregate("read", i * 7_000L);
        }
        List<MetricInterval> second = recorder.sampleInterval(SECOND_NS, 2 * SECOND_NS);
        List<MetricInterval> third = recorder.sampleInterval(2 * SECOND_NS, 3 * SECOND_NS);
        List<MetricSummary> summaries = recorder.summaries();

        assertEquals(List.of("r.time.read", "r.time.write"), tags(first));
        assertEquals(List.of("r.time.read"), tags(second));
        assertTrue(third.isEmpty());
        assertEquals(100, first.get(0).histogram().getTotalCount());
        assertEquals(50, second.get(0).histogram().getTotalCount());
        assertEquals(SECOND_NS, second.get(0).startNs());
        assertEquals(2 * SECOND_NS, second.get(0).endNs());
        MetricSummary read = summary(summaries, "r.time.read");
        assertEquals(150, read.count());
        assertEquals(first.get(0).histogram().getTotalCount() + second.get(0).histogram().getTotalCount(),
                read.histogram().getTotalCount());
        assertEquals(1_000, read.minNs());
        assertEquals(350_000, read.maxNs());
        assertEquals(1_000L * 5050 + 7_000L * 1275, read.sumNs());
        assertEquals(1, summary(summaries, "r.time.write").count());
    }

    @Test
    void shouldKeepWallClockStampsOutOfItsHistograms() {
        ProgramReport report = new ProgramReport("r");
        Aggregation time = report.program.aggregation("time", AggregationFunction.quantize());
        MetricRecorder recorder = new MetricRecorder(List.of(report));
        time.aggregate(42);

        MetricInterval interval = recorder.sampleInterval(0, SECOND_NS).get(0);
        MetricSummary summary = recorder.summaries().get(0);

        assertEquals(0, interval.histogram().getStartTimeStamp());
        assertEquals(0, interval.histogram().getEndTimeStamp());
        assertEquals(0, summary.histogram().getStartTimeStamp());
        assertEquals(0, summary.histogram().getEndTimeStamp());
        assertEquals("r.time", interval.histogram().getTag());
        assertEquals("r.time", summary.histogram().getTag());
    }

    @Test
    void shouldSummarizeNegativeAndClampedValuesAndBucketAnLquantizeFromItsHistogram() {
        ProgramReport report = new ProgramReport("r");
        Aggregation gap = report.program.aggregation("gap", AggregationFunction.lquantize(0, 1000, 10), KeyType.STRING);
        MetricRecorder recorder = new MetricRecorder(List.of(report));
        long twoHoursNs = 2 * RecordedValues.HIGHEST_TRACKABLE_VALUE_NS;

        for (long value : new long[] {-5, 0, 1, 3, 10, 15, 1023, 1024, twoHoursNs}) {
            gap.aggregate("mixed", value);
        }
        gap.aggregate("backwards", -1);
        List<MetricInterval> intervals = recorder.sampleInterval(0, SECOND_NS);
        List<MetricSummary> summaries = recorder.summaries();

        assertEquals(List.of("r.gap.mixed"), tags(intervals), "an all-negative metric has no histogram values");
        MetricSummary mixed = summary(summaries, "r.gap.mixed");
        assertEquals(9, mixed.count());
        assertEquals(1, mixed.negativeCount());
        assertEquals(1, mixed.clampedCount());
        assertEquals(-5, mixed.minNs());
        assertEquals(twoHoursNs, mixed.maxNs());
        long sum = -5 + 0 + 1 + 3 + 10 + 15 + 1023 + 1024 + twoHoursNs;
        assertEquals(sum, mixed.sumNs());
        assertEquals((double) sum / 9, mixed.meanNs());
        assertEquals(8, mixed.histogram().getTotalCount());
        SortedMap<Long, Long> expected = new TreeMap<>(Map.of(0L, 1L, 1L, 1L, 2L, 1L, 8L, 2L, 512L, 1L, 1024L, 1L,
                1L << 41, 1L));
        assertEquals(expected, mixed.powerOfTwoBuckets());
        MetricSummary backwards = summary(summaries, "r.gap.backwards");
        assertEquals(1, backwards.count());
        assertEquals(1, backwards.negativeCount());
        assertEquals(0, backwards.histogram().getTotalCount());
        assertTrue(backwards.powerOfTwoBuckets().isEmpty());
    }

    @Test
    void shouldGiveTheQuantizeBucketsTheReportsPrint() {
        ProbeRegistry registry = new ProbeRegistry();
        Upstairs upstairs = new Upstairs(registry);
        DTraceReport perfgw = Reports.create("perfgw");
        DTraceReport perfdw = Reports.create("perfdw");
        DTraceReport tracegw = Reports.create("tracegw");
        MetricRecorder recorder = new MetricRecorder(List.of(perfgw, perfdw, tracegw));
        perfgw.enable(registry);
        perfdw.enable(registry);
        tracegw.enable(registry);
        String[] ops = {"read", "write", "flush"};
        long latencyNs = 1_000;
        for (long id = 1; id <= 600; id++) {
            String op = ops[(int) (id % 3)];
            latencyNs = latencyNs * 7 % 999_983 + 1; // spreads over many powers of two, deterministically
            upstairs.clientIo(op, 1000 + id, id / 3 % 3, latencyNs);
            upstairs.guestIo(op, id, latencyNs / 3 + id);
            if (id == 300) {
                recorder.sampleInterval(0, upstairs.clock.nanoTime());
            }
        }
        recorder.sampleInterval(0, upstairs.clock.nanoTime());
        perfgw.finish();
        perfdw.finish();
        tracegw.finish();
        List<MetricSummary> summaries = recorder.summaries();

        Map<String, SortedMap<Long, Long>> printed = new TreeMap<>();
        printed.putAll(PrintedQuantize.parse("perfgw", "time", 1, perfgw.stdout()));
        printed.putAll(PrintedQuantize.parse("perfdw", "time", 2, perfdw.stdout()));
        Map<String, SortedMap<Long, Long>> recorded = new TreeMap<>();
        for (MetricSummary summary : summaries) {
            recorded.put(summary.id().tag(), summary.powerOfTwoBuckets());
            assertEquals(summary.count(), summary.histogram().getTotalCount(), summary.id().label());
            assertEquals(summary.count(), summary.powerOfTwoBuckets().values().stream().mapToLong(c -> c).sum());
        }
        assertEquals(3 + 9, printed.size());
        assertTrue(printed.values().stream().allMatch(buckets -> buckets.size() >= 5), printed.toString());
        assertEquals(printed, recorded);
        assertEquals("perfgw.time.flush", summaries.get(0).id().tag());
        assertEquals("perfdw.time.flush_for_downstairs_client.0", summaries.get(3).id().tag());
    }

    @Test
    void shouldRejectReportsThatShareAName() {
        List<DTraceReport> twins = List.of(Reports.create("perfgw"), Reports.create("perfgw"));

        assertThrows(IllegalArgumentException.class, () -> new MetricRecorder(twins));
    }

    @Test
    void shouldRejectAReportThatHasAlreadyFired() {
        ProgramReport report = new ProgramReport("r");
        report.program.aggregation("time", AggregationFunction.quantize()).aggregate(1);

        assertThrows(IllegalStateException.class, () -> new MetricRecorder(List.of(report)));
    }

    @Test
    void shouldRejectAnIntervalThatEndsBeforeItStarts() {
        MetricRecorder recorder = new MetricRecorder(List.of(new ProgramReport("r")));

        assertThrows(IllegalArgumentException.class, () -> recorder.sampleInterval(5, 4));
    }

    @Test
    void shouldIncludeAggregationsDeclaredAfterConstruction() {
        ProgramReport report = new ProgramReport("r");
        MetricRecorder recorder = new MetricRecorder(List.of(report));
        Aggregation late = report.program.aggregation("late", AggregationFunction.quantize());

        late.aggregate(3);

        assertEquals(List.of("r.late"), tags(recorder.sampleInterval(0, 1)));
    }
}
