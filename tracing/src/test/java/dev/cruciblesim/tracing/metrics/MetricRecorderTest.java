package dev.cruciblesim.tracing.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cruciblesim.tracing.dtrace.Aggregation;
import dev.cruciblesim.tracing.dtrace.AggregationFunction;
import dev.cruciblesim.tracing.dtrace.KeyType;
import dev.cruciblesim.tracing.probe.ProbeRegistry;
import dev.cruciblesim.tracing.report.DTraceReport;
import dev.cruciblesim.tracing.report.Reports;
import dev.cruciblesim.tracing.stats.LatencyHistograms;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MetricRecorderTest {
    private static final long SECOND_NS = 1_000_000_000L;

    private static List<String> tags(List<MetricInterval> intervals) {
        return intervals.stream().map(interval -> interval.id().tag()).toList();
    }

    /** @return each interval's id, start, end and histogram, which compare by value (Histogram.equals compares the counts) */
    private static List<List<Object>> contents(List<MetricInterval> intervals) {
        return intervals.stream()
                .map(interval -> List.<Object>of(interval.id(), interval.startNs(), interval.endNs(), interval.histogram()))
                .toList();
    }

    private static MetricSummary summary(List<MetricSummary> summaries, String tag) {
        return summaries.stream().filter(s -> s.id().tag().equals(tag)).findFirst()
                .orElseThrow(() -> new AssertionError("no summary " + tag + " in " + summaries));
    }

    @ParameterizedTest(name = "singleThreaded={0}")
    @ValueSource(booleans = {false, true})
    void shouldOrderByReportPositionThenVariableIdThenKey(boolean singleThreaded) {
        ProgramReport b = new ProgramReport("b");
        Aggregation z = b.program.aggregation("z", AggregationFunction.quantize(), KeyType.STRING, KeyType.INT64);
        Aggregation a = b.program.aggregation("a", AggregationFunction.lquantize(-10, 10, 1), KeyType.INT64);
        Aggregation calls = b.program.aggregation("calls", AggregationFunction.count());
        ProgramReport first = new ProgramReport("a");
        Aggregation t = first.program.aggregation("t", AggregationFunction.quantize());
        MetricRecorder recorder = new MetricRecorder(List.of(b, first), singleThreaded);

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

    @ParameterizedTest(name = "singleThreaded={0}")
    @ValueSource(booleans = {false, true})
    void shouldPartitionTheTotalsIntoIntervalsAndOmitEmptyOnes(boolean singleThreaded) {
        ProgramReport report = new ProgramReport("r");
        Aggregation time = report.program.aggregation("time", AggregationFunction.quantize(), KeyType.STRING);
        MetricRecorder recorder = new MetricRecorder(List.of(report), singleThreaded);

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

    @ParameterizedTest(name = "singleThreaded={0}")
    @ValueSource(booleans = {false, true})
    void shouldKeepWallClockStampsOutOfItsHistograms(boolean singleThreaded) {
        ProgramReport report = new ProgramReport("r");
        Aggregation time = report.program.aggregation("time", AggregationFunction.quantize());
        MetricRecorder recorder = new MetricRecorder(List.of(report), singleThreaded);
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

    @ParameterizedTest(name = "singleThreaded={0}")
    @ValueSource(booleans = {false, true})
    void shouldSummarizeNegativeAndClampedValuesAndBucketAnLquantizeFromItsHistogram(boolean singleThreaded) {
        ProgramReport report = new ProgramReport("r");
        Aggregation gap = report.program.aggregation("gap", AggregationFunction.lquantize(0, 1000, 10), KeyType.STRING);
        MetricRecorder recorder = new MetricRecorder(List.of(report), singleThreaded);
        long twoHoursNs = 2 * LatencyHistograms.HIGHEST_TRACKABLE_VALUE_NS;

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

    @ParameterizedTest(name = "singleThreaded={0}")
    @ValueSource(booleans = {false, true})
    void shouldGiveTheQuantizeBucketsTheReportsPrint(boolean singleThreaded) {
        ProbeRegistry registry = new ProbeRegistry();
        Upstairs upstairs = new Upstairs(registry);
        DTraceReport perfgw = Reports.create("perfgw");
        DTraceReport perfdw = Reports.create("perfdw");
        DTraceReport tracegw = Reports.create("tracegw");
        MetricRecorder recorder = new MetricRecorder(List.of(perfgw, perfdw, tracegw), singleThreaded);
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

    @ParameterizedTest(name = "singleThreaded={0}")
    @ValueSource(booleans = {false, true})
    void shouldRejectAReportThatHasAlreadyFired(boolean singleThreaded) {
        ProgramReport report = new ProgramReport("r");
        report.program.aggregation("time", AggregationFunction.quantize()).aggregate(1);

        assertThrows(IllegalStateException.class, () -> new MetricRecorder(List.of(report), singleThreaded));
    }

    @Test
    void shouldRejectAnIntervalThatEndsBeforeItStarts() {
        MetricRecorder recorder = new MetricRecorder(List.of(new ProgramReport("r")));

        assertThrows(IllegalArgumentException.class, () -> recorder.sampleInterval(5, 4));
    }

    @ParameterizedTest(name = "singleThreaded={0}")
    @ValueSource(booleans = {false, true})
    void shouldIncludeAggregationsDeclaredAfterConstruction(boolean singleThreaded) {
        ProgramReport report = new ProgramReport("r");
        MetricRecorder recorder = new MetricRecorder(List.of(report), singleThreaded);
        Aggregation late = report.program.aggregation("late", AggregationFunction.quantize());

        late.aggregate(3);

        assertEquals(List.of("r.late"), tags(recorder.sampleInterval(0, 1)));
    }

    /** What a recorder gave out over a run: every interval in order, then the summaries. */
    private record Run(List<MetricInterval> intervals, List<MetricSummary> summaries) {
    }

    /**
     * A fixed firing sequence on one thread: three value aggregations (keyed quantize, lquantize,
     * keyless quantize) and a count, twelve intervals in which keys come and go (interval 5 has no
     * firing at all, interval 8 only a negative value), values spread over many powers of two,
     * with negative and clamped ones.
     */
    private static Run oneThreadRun(boolean singleThreaded) {
        ProgramReport report = new ProgramReport("r");
        Aggregation time = report.program.aggregation("time", AggregationFunction.quantize(), KeyType.STRING,
                KeyType.INT64);
        Aggregation gap = report.program.aggregation("gap", AggregationFunction.lquantize(-1000, 1000, 100),
                KeyType.INT64);
        Aggregation calls = report.program.aggregation("calls", AggregationFunction.count());
        Aggregation keyless = report.program.aggregation("keyless", AggregationFunction.quantize());
        MetricRecorder recorder = new MetricRecorder(List.of(report), singleThreaded);
        assertEquals(singleThreaded, recorder.isSingleThreaded());
        String[] ops = {"read", "write", "flush"};
        List<MetricInterval> intervals = new ArrayList<>();
        long seed = 12345;
        for (int interval = 0; interval < 12; interval++) {
            int firings = interval == 5 ? 0 : 200 + 37 * interval;
            for (int i = 0; i < firings; i++) {
                seed = seed * 6364136223846793005L + 1442695040888963407L;
                long random = seed >>> 1;
                long value = (random >>> 20) % (1L << (10 + random % 30)); // up to ~2^39 ns
                String op = ops[(int) (random % (interval % 4 == 3 ? 1 : 3))]; // some intervals only read
                time.aggregate(op, random % 3, value, 1 + random % 2);
                calls.increment();
                if (interval % 3 == 0) {
                    gap.aggregate(random % 4, value % 3000 - 500);
                }
                if (i % 50 == 0 && interval != 8) {
                    keyless.aggregate(i % 100 == 0 ? 2 * LatencyHistograms.HIGHEST_TRACKABLE_VALUE_NS : value);
                }
            }
            if (interval == 8) {
                keyless.aggregate(-1);
            }
            intervals.addAll(recorder.sampleInterval(interval * SECOND_NS, (interval + 1) * SECOND_NS));
        }
        return new Run(intervals, recorder.summaries());
    }

    @Test
    void shouldGiveTheSameIntervalsAndSummariesInBothModes() {
        Run concurrent = oneThreadRun(false);
        Run single = oneThreadRun(true);

        assertTrue(concurrent.intervals().size() > 40, concurrent.intervals().size() + " intervals");
        assertEquals(contents(concurrent.intervals()), contents(single.intervals()));
        assertEquals(concurrent.summaries(), single.summaries());
        for (int i = 0; i < single.intervals().size(); i++) {
            Histogram a = concurrent.intervals().get(i).histogram();
            Histogram b = single.intervals().get(i).histogram();
            assertEquals(a.getTag(), b.getTag());
            assertEquals(0, b.getStartTimeStamp());
            assertEquals(0, b.getEndTimeStamp());
            assertEquals(a.getMaxValue(), b.getMaxValue());
            assertEquals(a.getMinNonZeroValue(), b.getMinNonZeroValue());
        }
        assertTrue(single.intervals().stream().noneMatch(i -> i.startNs() == 5 * SECOND_NS), "interval 5 fired nothing");
        assertTrue(single.intervals().stream().noneMatch(i -> i.startNs() == 8 * SECOND_NS && i.id().tag().equals("r.keyless")),
                "a negative value alone leaves no interval");
        assertEquals(List.of("r.time.read.0", "r.time.read.1", "r.time.read.2", "r.keyless"),
                tags(single.intervals().stream().filter(i -> i.startNs() == 7 * SECOND_NS).toList()),
                "keys idle in an interval are skipped");
        for (Run run : List.of(concurrent, single)) {
            assertIntervalsPartitionTheTotals(run);
        }
    }

    private static void assertIntervalsPartitionTheTotals(Run run) {
        for (MetricSummary summary : run.summaries()) {
            Histogram sum = LatencyHistograms.newHistogram();
            for (MetricInterval interval : run.intervals()) {
                if (interval.id().equals(summary.id())) {
                    sum.add(interval.histogram());
                }
            }
            assertEquals(summary.histogram(), sum, summary.id().label());
            assertEquals(summary.count(), sum.getTotalCount() + summary.negativeCount(), summary.id().label());
        }
    }

    @ParameterizedTest(name = "singleThreaded={0}")
    @ValueSource(booleans = {false, true})
    void shouldLeaveAnIntervalItHandedOutAlone(boolean singleThreaded) {
        ProgramReport report = new ProgramReport("r");
        Aggregation time = report.program.aggregation("time", AggregationFunction.quantize());
        MetricRecorder recorder = new MetricRecorder(List.of(report), singleThreaded);
        time.aggregate(10);
        time.aggregate(20);
        Histogram first = recorder.sampleInterval(0, SECOND_NS).get(0).histogram();
        Histogram before = first.copy();

        for (int i = 0; i < 1000; i++) {
            time.aggregate(30 + i);
        }
        Histogram second = recorder.sampleInterval(SECOND_NS, 2 * SECOND_NS).get(0).histogram();
        time.aggregate(10);
        recorder.sampleInterval(2 * SECOND_NS, 3 * SECOND_NS);
        recorder.summaries();

        assertEquals(before, first);
        assertEquals(2, first.getTotalCount());
        assertEquals(1000, second.getTotalCount());
        assertEquals(1003, recorder.summaries().get(0).histogram().getTotalCount());
    }

    /**
     * Threads that fire one after another (start, join) keep a shard each even in single-threaded
     * mode, so a key's interval merges several shards; the result is the concurrent mode's.
     */
    private static Run threadAfterThreadRun(boolean singleThreaded) throws InterruptedException {
        ProgramReport report = new ProgramReport("r");
        Aggregation time = report.program.aggregation("time", AggregationFunction.quantize(), KeyType.STRING);
        MetricRecorder recorder = new MetricRecorder(List.of(report), singleThreaded);
        List<MetricInterval> intervals = new ArrayList<>();
        for (int interval = 0; interval < 4; interval++) {
            for (int t = 0; t < 3; t++) {
                int thread = t;
                int round = interval;
                Thread firing = new Thread(() -> {
                    for (int i = 0; i < 500; i++) {
                        // Thread 2 fires "b" only in even intervals; "a" always.
                        time.aggregate("a", 1_000L * thread + i + round);
                        if (thread == 2 && round % 2 == 0) {
                            time.aggregate("b", 70_000L + i * 3L);
                        }
                    }
                });
                firing.start();
                firing.join();
            }
            intervals.addAll(recorder.sampleInterval(interval * SECOND_NS, (interval + 1) * SECOND_NS));
        }
        return new Run(intervals, recorder.summaries());
    }

    @Test
    void shouldMergeTheShardsOfThreadsFiringInTurnAlikeInBothModes() throws InterruptedException {
        Run concurrent = threadAfterThreadRun(false);
        Run single = threadAfterThreadRun(true);

        assertEquals(List.of("r.time.a", "r.time.b", "r.time.a", "r.time.a", "r.time.b", "r.time.a"),
                tags(single.intervals()));
        assertEquals(1500, single.intervals().get(0).histogram().getTotalCount());
        assertEquals(contents(concurrent.intervals()), contents(single.intervals()));
        assertEquals(concurrent.summaries(), single.summaries());
        assertIntervalsPartitionTheTotals(single);
        assertEquals(4 * 1500, summary(single.summaries(), "r.time.a").count());
    }

    @Test
    void shouldPartitionTheTotalsExactlyWhileThreadsFireDuringSampling() throws InterruptedException {
        ProgramReport report = new ProgramReport("r");
        Aggregation time = report.program.aggregation("time", AggregationFunction.quantize(), KeyType.STRING);
        MetricRecorder recorder = new MetricRecorder(List.of(report));
        int threads = 3;
        int firings = 100_000;
        CountDownLatch done = new CountDownLatch(threads);
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            writers.add(new Thread(() -> {
                for (int i = 0; i < firings; i++) {
                    time.aggregate(i % 7 == thread ? "rare" : "often", 1 + i % 5000);
                    if (i % 10_000 == 0) {
                        Thread.yield(); // lets the sampler in between bursts too
                    }
                }
                done.countDown();
            }));
        }
        writers.forEach(Thread::start);
        List<MetricInterval> intervals = new ArrayList<>();
        long startNs = 0;
        while (done.getCount() > 0) {
            intervals.addAll(recorder.sampleInterval(startNs, startNs + 1));
            startNs++;
        }
        for (Thread writer : writers) {
            writer.join();
        }
        intervals.addAll(recorder.sampleInterval(startNs, startNs + 1));
        assertTrue(recorder.sampleInterval(startNs + 1, startNs + 2).isEmpty());
        Run run = new Run(intervals, recorder.summaries());

        assertIntervalsPartitionTheTotals(run);
        long total = run.summaries().stream().mapToLong(MetricSummary::count).sum();
        assertEquals((long) threads * firings, total);
        long inIntervals = intervals.stream().mapToLong(i -> i.histogram().getTotalCount()).sum();
        assertEquals(total, inIntervals);
    }
}
