package dev.cruciblesim.tracing.metrics;

import dev.cruciblesim.tracing.dtrace.Aggregation;
import dev.cruciblesim.tracing.dtrace.AggregationFunction;
import dev.cruciblesim.tracing.dtrace.AggregationKey;
import dev.cruciblesim.tracing.dtrace.AggregationRecord;
import dev.cruciblesim.tracing.dtrace.RecordedValues;
import dev.cruciblesim.tracing.report.DTraceReport;
import dev.cruciblesim.tracing.stats.LatencyCounts;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * Turns the recorded values of some reports' quantize and lquantize aggregations into metrics:
 * interval histograms for an interval log while the run goes on, and per-metric totals at the end.
 * A metric is one key of one aggregation of one report ({@link MetricId}); metrics always come in
 * {@link MetricId} order: the report's position in the list given here, then the aggregation's
 * variable id, then the key fields.
 *
 * <p>Threading, concurrent mode ({@link #MetricRecorder(List)}): probes fire on any threads, each
 * into its own shards' recorders; one thread, the sampler, calls {@link #sampleInterval}
 * (HdrHistogram's recorders swap their interval histograms without stopping the writers) and,
 * once firing has stopped, {@link #summaries}. Both methods are synchronized, so handing the
 * sampler role from one thread to another needs nothing more. Single-threaded mode
 * ({@link #MetricRecorder(List, boolean)} with {@code true}): the caller promises that all firing
 * and all sampling happen on one thread, as in a virtual-time run; each value is then recorded
 * into plain counts, with no recorder and no atomic instruction. Both modes give the same
 * intervals and summaries for the same firings. Use one recorder per report: two would split each
 * interval's values between them.
 *
 * <p>Cost of a sample: a shard entry that recorded nothing since the last sample costs a counter
 * check, its counts untouched. A metric that did record takes its entry's {@link LatencyCounts}
 * as the interval itself (the entry starts on spare ones) and adds them once into the total: one
 * pass over the recorded range of the counts, never over all 33,792 of them. No {@link Histogram}
 * is made per interval unless the receiver asks for one ({@link MetricInterval#histogram()};
 * {@link HlogWriter} encodes the counts themselves); the summaries make one per metric.
 *
 * <p>Determinism: output order never depends on hashing, and no output holds a wall-clock time
 * (HdrHistogram's recorders stamp their interval histograms with one; only their counts are
 * taken). Intervals partition the totals exactly: a summary's histogram is the sum of its
 * metric's interval histograms.
 */
public final class MetricRecorder {
    private final List<DTraceReport> reports;
    private final boolean singleThreaded;
    private final List<ReportMetrics> byReport = new ArrayList<>();
    /** Each shard entry's metric, found without building the key's fields or comparing them. */
    private final Map<RecordedValues, Metric> metricOfValues = new IdentityHashMap<>();
    /**
     * For {@link #recycle} only: lookups, never iterated. By identity, as {@link #metricOfValues}:
     * intervals carry their metric's own id object, and hashing a record's key list for each would
     * cost more than the rest of a recycle.
     */
    private final Map<MetricId, Metric> metricById = new IdentityHashMap<>();

    /**
     * Concurrent mode: probes may fire on any threads while another samples.
     *
     * @see #MetricRecorder(List, boolean)
     */
    public MetricRecorder(List<? extends DTraceReport> reports) {
        this(reports, false);
    }

    /**
     * Enables value recording on {@code reports} ({@link DTraceReport#enableValueRecording(boolean)});
     * construct before enabling them on a registry.
     *
     * @param singleThreaded true if the caller promises that every firing into {@code reports} and
     *                       every call on this recorder happen on one thread: values are then
     *                       recorded into plain histograms, without a recorder or atomics
     * @throws IllegalArgumentException if two reports share a name, which would make ids ambiguous
     * @throws IllegalStateException    if a report has already fired into a value aggregation
     */
    public MetricRecorder(List<? extends DTraceReport> reports, boolean singleThreaded) {
        this.reports = List.copyOf(reports);
        this.singleThreaded = singleThreaded;
        Set<String> names = new HashSet<>();
        for (DTraceReport report : this.reports) {
            if (!names.add(report.name())) {
                throw new IllegalArgumentException("two reports are named " + report.name());
            }
            report.enableValueRecording(singleThreaded);
            byReport.add(new ReportMetrics(report.name()));
        }
    }

    /** @return whether this recorder was built for single-threaded firing and sampling */
    public boolean isSingleThreaded() {
        return singleThreaded;
    }

    /**
     * Ends an interval: takes the interval histogram of every shard entry that recorded something
     * since the last call, merges the shards of each key, and adds the result to the metric's total.
     *
     * @param startNs the interval's start on the run's clock (the previous call's {@code endNs})
     * @param endNs   the interval's end on the same clock
     * @return the metrics that recorded something in the interval, in {@link MetricId} order
     * @throws IllegalArgumentException if {@code endNs < startNs}
     */
    public synchronized List<MetricInterval> sampleInterval(long startNs, long endNs) {
        if (endNs < startNs) {
            throw new IllegalArgumentException("interval ends at " + endNs + " ns, before its start " + startNs + " ns");
        }
        List<MetricInterval> intervals = new ArrayList<>();
        for (int r = 0; r < reports.size(); r++) {
            ReportMetrics reportMetrics = byReport.get(r);
            for (Aggregation aggregation : reports.get(r).aggregations()) {
                if (!aggregation.isValueRecordingEnabled()) {
                    continue;
                }
                AggregationMetrics metrics = reportMetrics.of(aggregation);
                aggregation.forEachRecordedValues((key, values) -> {
                    LatencyCounts taken = values.takeInterval(); // null, cheaply, if nothing was recorded
                    if (taken != null && !metricOf(metrics, key, values).addToInterval(taken, values)) {
                        values.recycle(taken);
                    }
                });
                for (Metric metric : metrics.byKey.values()) {
                    LatencyCounts interval = metric.endInterval();
                    if (interval != null) {
                        intervals.add(new MetricInterval(metric.id, startNs, endNs, interval));
                    }
                }
            }
        }
        return intervals;
    }

    /**
     * Gives the counts of intervals from the latest {@link #sampleInterval} back for reuse, once
     * the caller has written them and holds no reference to them: a long run then does not
     * allocate fresh counts per metric per interval. Intervals of earlier samples, or not from
     * this recorder, are ignored.
     */
    public synchronized void recycle(List<MetricInterval> intervals) {
        for (MetricInterval interval : intervals) {
            Metric metric = metricById.get(interval.id());
            if (metric != null && metric.lastEnded == interval.counts() && metric.intervalSource != null) {
                metric.lastEnded = null;
                RecordedValues source = metric.intervalSource;
                metric.intervalSource = null;
                source.recycle(interval.counts());
            }
        }
    }

    /**
     * Call after a final {@link #sampleInterval}, once firing has stopped: values recorded after
     * that last sample are in the exact stats but not in the histograms.
     *
     * @return every metric that recorded a value, in {@link MetricId} order
     */
    public synchronized List<MetricSummary> summaries() {
        List<MetricSummary> summaries = new ArrayList<>();
        for (int r = 0; r < reports.size(); r++) {
            ReportMetrics reportMetrics = byReport.get(r);
            for (Aggregation aggregation : reports.get(r).aggregations()) {
                if (aggregation.isValueRecordingEnabled()) {
                    summarize(reportMetrics.of(aggregation), aggregation, summaries);
                }
            }
        }
        return summaries;
    }

    private Metric metricOf(AggregationMetrics metrics, AggregationKey key, RecordedValues values) {
        Metric metric = metricOfValues.get(values);
        if (metric == null) {
            metric = metrics.metric(key);
            metricOfValues.put(values, metric);
            metricById.put(metric.id, metric);
        }
        return metric;
    }

    private void summarize(AggregationMetrics metrics, Aggregation aggregation, List<MetricSummary> into) {
        for (Metric metric : metrics.byKey.values()) {
            metric.resetStats();
        }
        aggregation.forEachRecordedValues((key, values) -> {
            if (values.count() > 0) {
                metricOf(metrics, key, values).addStats(values);
            }
        });
        boolean quantize = aggregation.function().name().equals(AggregationFunction.quantize().name());
        if (quantize) {
            for (AggregationRecord record : aggregation.snapshot()) {
                Metric metric = metrics.byKey.get(MetricId.fieldsOf(record.key()));
                if (metric != null) {
                    metric.quantizeBuckets = record.quantizeBuckets();
                }
            }
        }
        for (Metric metric : metrics.byKey.values()) {
            if (metric.count > 0) {
                Histogram histogram = metric.total.toHistogram();
                histogram.setStartTimeStamp(0);
                histogram.setEndTimeStamp(0);
                histogram.setTag(metric.id.tag());
                SortedMap<Long, Long> buckets = quantize && metric.quantizeBuckets != null ? metric.quantizeBuckets
                        : powerOfTwoBuckets(histogram);
                into.add(new MetricSummary(metric.id, histogram, metric.count, metric.minNs, metric.maxNs,
                        metric.sumNs, (double) metric.sumNs / metric.count, metric.clampedCount,
                        metric.negativeCount, buckets));
            }
        }
    }

    /** DTrace's quantize buckets from a histogram: exact, since HdrHistogram's buckets never straddle a power of two. */
    private static SortedMap<Long, Long> powerOfTwoBuckets(Histogram histogram) {
        SortedMap<Long, Long> buckets = new TreeMap<>();
        for (HistogramIterationValue value : histogram.recordedValues()) {
            long lowest = histogram.lowestEquivalentValue(value.getValueIteratedTo());
            buckets.merge(Long.highestOneBit(lowest), value.getCountAtValueIteratedTo(), Long::sum);
        }
        return Collections.unmodifiableSortedMap(buckets);
    }

    /** One report's aggregations, indexed by variable id - 1. */
    private static final class ReportMetrics {
        private final String report;
        private final List<AggregationMetrics> byVariable = new ArrayList<>();

        ReportMetrics(String report) {
            this.report = report;
        }

        AggregationMetrics of(Aggregation aggregation) {
            int index = aggregation.variableId() - 1;
            while (byVariable.size() <= index) {
                byVariable.add(null);
            }
            AggregationMetrics metrics = byVariable.get(index);
            if (metrics == null) {
                metrics = new AggregationMetrics(report, aggregation.name());
                byVariable.set(index, metrics);
            }
            return metrics;
        }
    }

    /** One aggregation's metrics, sorted by key. */
    private static final class AggregationMetrics {
        private final String report;
        private final String aggregation;
        private final TreeMap<List<Object>, Metric> byKey = new TreeMap<>(MetricId.KEY_ORDER);

        AggregationMetrics(String report, String aggregation) {
            this.report = report;
            this.aggregation = aggregation;
        }

        Metric metric(AggregationKey key) {
            return byKey.computeIfAbsent(MetricId.fieldsOf(key),
                    fields -> new Metric(new MetricId(report, aggregation, fields)));
        }
    }

    /** One metric's running total and the interval being gathered; guarded by the recorder's monitor. */
    private static final class Metric {
        final MetricId id;
        final LatencyCounts total = new LatencyCounts();
        private LatencyCounts interval;
        /** Where the last interval's counts came from, so that they can go back there once written. */
        private RecordedValues intervalSource;
        private LatencyCounts lastEnded;
        long count;
        long sumNs;
        long minNs;
        long maxNs;
        long clampedCount;
        long negativeCount;
        SortedMap<Long, Long> quantizeBuckets;

        Metric(MetricId id) {
            this.id = id;
            resetStats();
        }

        /**
         * @param shardInterval a shard entry's interval, handed over by {@link RecordedValues#takeInterval}
         * @return true if this metric kept {@code shardInterval} as its interval's counts (the
         *         first shard of the interval, so the usual one-shard case copies nothing); false
         *         if it only added it to those, so the caller may recycle it
         */
        boolean addToInterval(LatencyCounts shardInterval, RecordedValues source) {
            if (interval == null) {
                interval = shardInterval;
                intervalSource = source;
                return true;
            }
            interval.add(shardInterval);
            return false;
        }

        /** @return the interval gathered since the last call, now also in the total, or null if none */
        LatencyCounts endInterval() {
            LatencyCounts ended = interval;
            if (ended != null) {
                interval = null;
                total.add(ended);
                lastEnded = ended;
            }
            return ended;
        }

        void resetStats() {
            count = 0;
            sumNs = 0;
            minNs = Long.MAX_VALUE;
            maxNs = Long.MIN_VALUE;
            clampedCount = 0;
            negativeCount = 0;
            quantizeBuckets = null;
        }

        void addStats(RecordedValues values) {
            count += values.count();
            sumNs += values.sum();
            minNs = Math.min(minNs, values.min());
            maxNs = Math.max(maxNs, values.max());
            clampedCount += values.clampedCount();
            negativeCount += values.negativeCount();
        }
    }
}
