package dev.cruciblesim.sim.protocol;

/** A downstairs finished reconciliation step {@code repairId}. */
public record RepairAckId(long repairId) implements Message.ToUpstairs {
}
