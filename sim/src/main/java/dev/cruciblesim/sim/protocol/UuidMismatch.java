package dev.cruciblesim.sim.protocol;

/**
 * The downstairs saw an upstairs id other than the one negotiated on this connection and refuses it; it expected
 * {@code expectedUpstairsId}. Crucible names the id a UUID; here, as everywhere in this project, it is a long.
 */
public record UuidMismatch(long expectedUpstairsId) implements Message.ToUpstairs {
}
