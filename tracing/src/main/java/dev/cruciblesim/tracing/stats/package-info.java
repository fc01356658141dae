/** The one shape of crucible-sim's latency histograms and the one percentile function. */
package dev.cruciblesim.tracing.stats;
