package dev.cruciblesim.sim.protocol;

/** The upstairs asks for the region's geometry. */
public record RegionInfoPlease() implements Message.ToDownstairs {
}
