/** Named probes that components fire and consumers enable by DTrace-style probe descriptions. */
package dev.cruciblesim.tracing.probe;
