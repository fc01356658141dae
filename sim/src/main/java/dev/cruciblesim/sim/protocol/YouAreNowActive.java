package dev.cruciblesim.sim.protocol;

/** The downstairs confirms that {@code upstairsId} is now its active upstairs. */
public record YouAreNowActive(long upstairsId) implements Message.ToUpstairs {
}
