package dev.cruciblesim.sim.protocol;

import java.util.Objects;

/** Reconciliation step {@code repairId} on extent {@code extentId} failed with {@code error}. */
public record ExtentError(long repairId, long extentId, String error) implements Message.ToUpstairs {
    public ExtentError {
        Objects.requireNonNull(error, "error");
    }
}
