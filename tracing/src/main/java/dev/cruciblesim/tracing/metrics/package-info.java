/** Per-metric HdrHistograms, exact stats and HdrHistogram interval logs (.hlog) taken from the reports' quantize and lquantize aggregations. */
package dev.cruciblesim.tracing.metrics;
