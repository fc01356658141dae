package dev.cruciblesim.sim.protocol;

/** The downstairs refuses the connection: it speaks {@code version} only. */
public record VersionMismatch(int version) implements Message.ToUpstairs {
}
