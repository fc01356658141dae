package dev.cruciblesim.sim.protocol;

/** Reconciliation, step of repair {@code repairId}: close extent {@code extentId} so that it can be replaced. */
public record ExtentClose(long repairId, long extentId) implements Message.ToDownstairs {
}
