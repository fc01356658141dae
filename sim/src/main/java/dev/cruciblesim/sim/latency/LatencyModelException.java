package dev.cruciblesim.sim.latency;

/**
 * A latency model's parameters or source data are unusable. The message is one line that starts
 * with the model kind (or the source file, with its line number when one line is at fault) and
 * says which parameter is wrong and why, because it is what a user sees when a scenario is refused.
 */
public final class LatencyModelException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    LatencyModelException(String message) {
        super(message);
    }

    LatencyModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
