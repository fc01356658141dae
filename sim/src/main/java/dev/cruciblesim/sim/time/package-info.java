/** Clocks: the only source of time for the upstairs and downstairs cores, real or manual. */
package dev.cruciblesim.sim.time;
