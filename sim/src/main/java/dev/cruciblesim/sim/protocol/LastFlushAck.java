package dev.cruciblesim.sim.protocol;

/** The downstairs has taken {@code lastFlushJobId} as its last flush; replay may begin. */
public record LastFlushAck(long lastFlushJobId) implements Message.ToUpstairs {
}
