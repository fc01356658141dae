/** Faults injected into a running volume (disconnects, stalls, slow or failing downstairs), in either runtime. */
package dev.cruciblesim.bench.fault;
