/** Probes, DTrace-style aggregations and printing, and the report scripts built on them. */
package dev.cruciblesim.tracing;
