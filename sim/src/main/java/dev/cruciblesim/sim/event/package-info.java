/** The virtual-time discrete-event scheduler: one thread, events ordered by (time, sequence number). */
package dev.cruciblesim.sim.event;
