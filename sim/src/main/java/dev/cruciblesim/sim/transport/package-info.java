/**
 * How messages get from one side to the other: direct hand-over, a real-time delay line, a
 * simulated link in virtual time, and the seam where TCP plugs in.
 */
package dev.cruciblesim.sim.transport;
