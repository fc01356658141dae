package dev.cruciblesim.tracing.metrics;

import dev.cruciblesim.tracing.stats.LatencyCounts;
import org.HdrHistogram.Histogram;

/**
 * The values one metric recorded during one sampling interval.
 *
 * @param startNs the interval's start on the run's clock, as given to {@link MetricRecorder#sampleInterval}
 * @param endNs   the interval's end on the same clock
 * @param counts  the interval's values in ns; owned by the receiver, and never touched again by
 *                the recorder (they may be the very counts the values were recorded into, handed
 *                over rather than copied) until given back by {@link MetricRecorder#recycle}
 */
public record MetricInterval(MetricId id, long startNs, long endNs, LatencyCounts counts) {
    /**
     * @return a new histogram of the interval's values, tagged with {@link MetricId#tag()}, its
     *         start and end time stamps 0 (allocates 270 KB: {@link HlogWriter} needs none, it
     *         encodes the counts themselves)
     */
    public Histogram histogram() {
        Histogram histogram = counts.toHistogram();
        histogram.setStartTimeStamp(0);
        histogram.setEndTimeStamp(0);
        histogram.setTag(id.tag());
        return histogram;
    }
}
