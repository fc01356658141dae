/** The virtual-time runtime: the real upstairs and downstairs cores driven by one discrete-event scheduler over simulated links and disks. */
package dev.cruciblesim.bench.virtual;
