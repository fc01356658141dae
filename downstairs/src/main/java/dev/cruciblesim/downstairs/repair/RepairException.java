package dev.cruciblesim.downstairs.repair;

/** An extent could not be fetched from the source downstairs; the message names the source and why. */
public final class RepairException extends RuntimeException {
    public RepairException(String message) {
        super(message);
    }

    public RepairException(String message, Throwable cause) {
        super(message, cause);
    }
}
