package dev.cruciblesim.sim.protocol;

/** The downstairs answers a {@link Ruok} ping. */
public record Imok() implements Message.ToUpstairs {
}
