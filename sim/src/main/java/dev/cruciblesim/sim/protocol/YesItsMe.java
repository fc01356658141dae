package dev.cruciblesim.sim.protocol;

/** The downstairs accepts the connection at this protocol version. */
public record YesItsMe(int version) implements Message.ToUpstairs {
}
