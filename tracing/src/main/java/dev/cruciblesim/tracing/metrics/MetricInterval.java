package dev.cruciblesim.tracing.metrics;

import org.HdrHistogram.Histogram;

/**
 * The values one metric recorded during one sampling interval.
 *
 * @param startNs   the interval's start on the run's clock, as given to {@link MetricRecorder#sampleInterval}
 * @param endNs     the interval's end on the same clock
 * @param histogram the interval's values in ns, tagged with {@link MetricId#tag()}; owned by the
 *                  receiver, and never touched again by the recorder (it may be the very histogram
 *                  the values were recorded into, handed over rather than copied, so possibly of an
 *                  HdrHistogram subclass). Its own start/end timestamps are 0: {@link HlogWriter}
 *                  stamps them.
 */
public record MetricInterval(MetricId id, long startNs, long endNs, Histogram histogram) {
}
