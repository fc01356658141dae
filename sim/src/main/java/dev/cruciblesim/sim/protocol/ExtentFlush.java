package dev.cruciblesim.sim.protocol;

/**
 * Reconciliation, step of repair {@code repairId}: flush extent {@code extentId} on the downstairs of client
 * {@code clientId} with this flush number and generation, so that it matches the source it is repaired from.
 */
public record ExtentFlush(long repairId, long extentId, int clientId, long flushNumber, long generation)
        implements Message.ToDownstairs {
}
