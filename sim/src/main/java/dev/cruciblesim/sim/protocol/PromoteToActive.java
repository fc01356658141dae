package dev.cruciblesim.sim.protocol;

/** The upstairs asks to become the downstairs' one active upstairs. */
public record PromoteToActive(long upstairsId) implements Message.ToDownstairs {
}
