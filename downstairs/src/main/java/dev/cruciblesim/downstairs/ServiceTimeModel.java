package dev.cruciblesim.downstairs;

import dev.cruciblesim.sim.protocol.IoOp;

/**
 * How long a job's region IO takes in simulated time, between its {@code os-X-start} and
 * {@code os-X-done} probes. The core asks once per job, when the job starts; with a positive
 * answer the core stays busy until its clock reaches that time and the runtime calls
 * {@link DownstairsCore#poll()}. Latency distributions themselves belong in {@code sim}; an
 * implementation here only adapts one.
 *
 * <p>Called on the core's thread; must not block or read any clock.
 */
@FunctionalInterface
public interface ServiceTimeModel {
    /** No simulated delay: every job completes inside the {@code apply} that made it runnable. */
    ServiceTimeModel ZERO = (op, jobId, ioSizeBytes) -> 0L;

    /**
     * @param ioSizeBytes the bytes read or written; 0 for a flush
     * @return the simulated service time in nanoseconds, not negative
     */
    long serviceTimeNs(IoOp op, long jobId, long ioSizeBytes);
}
