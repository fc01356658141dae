/**
 * The byte form of {@link dev.cruciblesim.sim.protocol.Message}s on a stream link: frames, tags and field layouts,
 * all in {@link dev.cruciblesim.sim.protocol.wire.MessageLayout}.
 */
package dev.cruciblesim.sim.protocol.wire;
