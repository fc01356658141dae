/** The virtual-time run: the assembled volume driven by one discrete-event scheduler, its timers, workload and drain. */
package dev.cruciblesim.bench.virtual;
