package dev.cruciblesim.sim.protocol;

/** The downstairs tells its active upstairs that {@code newUpstairsId} has been promoted in its place. */
public record YouAreNoLongerActive(long newUpstairsId) implements Message.ToUpstairs {
}
