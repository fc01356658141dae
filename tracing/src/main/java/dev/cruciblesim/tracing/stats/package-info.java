/** The one shape of crucible-sim's latency histograms, the one percentile function, and the counts that interval sampling adds and resets over their recorded range only. */
package dev.cruciblesim.tracing.stats;
