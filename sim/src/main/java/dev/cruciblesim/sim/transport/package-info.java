/** How messages get from one side to the other: the seam where in-process hand-over and, later, TCP plug in. */
package dev.cruciblesim.sim.transport;
