/** The one shape of crucible-sim's latency histograms, the one percentile function, latency distributions that keep the exact extremes and sum beside a histogram, and the counts that interval sampling adds and resets over their recorded range only. */
package dev.cruciblesim.tracing.stats;
