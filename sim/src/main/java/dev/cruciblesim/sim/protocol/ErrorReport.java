package dev.cruciblesim.sim.protocol;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * The downstairs reports an error that is not the answer to a job of its own kind: about job {@code jobId} when it
 * concerns one (e.g. a request refused before it became work), or about the connection when {@code jobId} is empty.
 */
public record ErrorReport(OptionalLong jobId, String message) implements Message.ToUpstairs {
    public ErrorReport {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(message, "message");
    }

    /** @return a report about job {@code jobId} */
    public static ErrorReport ofJob(long jobId, String message) {
        return new ErrorReport(OptionalLong.of(jobId), message);
    }

    /** @return a report about the connection, not about any one job */
    public static ErrorReport ofConnection(String message) {
        return new ErrorReport(OptionalLong.empty(), message);
    }
}
