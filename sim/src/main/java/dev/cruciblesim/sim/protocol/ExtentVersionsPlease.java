package dev.cruciblesim.sim.protocol;

/** The upstairs asks for every extent's generation, flush number and dirty bit. */
public record ExtentVersionsPlease() implements Message.ToDownstairs {
}
