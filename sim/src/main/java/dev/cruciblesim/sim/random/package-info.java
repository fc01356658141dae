/** One root seed split into named, independent random streams, so each component draws from its own. */
package dev.cruciblesim.sim.random;
