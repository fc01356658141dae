/** The messages the upstairs and a downstairs exchange (negotiation and IO), modelled on Crucible's revision-O protocol. */
package dev.cruciblesim.sim.protocol;
