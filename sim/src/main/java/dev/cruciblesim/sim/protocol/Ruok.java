package dev.cruciblesim.sim.protocol;

/** The upstairs' ping: a downstairs that stays silent past the timeout is taken as gone. */
public record Ruok() implements Message.ToDownstairs {
}
