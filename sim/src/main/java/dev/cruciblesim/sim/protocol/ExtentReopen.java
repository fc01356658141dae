package dev.cruciblesim.sim.protocol;

/** Reconciliation, step of repair {@code repairId}: reopen extent {@code extentId} once it has been repaired. */
public record ExtentReopen(long repairId, long extentId) implements Message.ToDownstairs {
}
