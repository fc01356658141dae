package dev.cruciblesim.sim.protocol;

/**
 * The jobs a job depends on, as the inclusive id range {@code [firstJobId, lastJobId]}.
 *
 * <p>At revision O every job depends on every unretired earlier job. Job ids grow by one and
 * retirement always removes a prefix (everything up to a flush), so that set is always one
 * contiguous range: two longs instead of an O(n) list per job. An empty range has
 * {@code lastJobId < firstJobId}.
 */
public record DependencyRange(long firstJobId, long lastJobId) {
    public static final DependencyRange NONE = new DependencyRange(0, -1);

    /** @return the range {@code [firstJobId, lastJobId]}, or {@link #NONE} when it is empty */
    public static DependencyRange of(long firstJobId, long lastJobId) {
        return lastJobId < firstJobId ? NONE : new DependencyRange(firstJobId, lastJobId);
    }

    public boolean isEmpty() {
        return lastJobId < firstJobId;
    }

    /** @return how many jobs the range holds */
    public long size() {
        return isEmpty() ? 0 : lastJobId - firstJobId + 1;
    }

    public boolean contains(long jobId) {
        return jobId >= firstJobId && jobId <= lastJobId;
    }

    @Override
    public String toString() {
        return isEmpty() ? "[]" : "[" + firstJobId + ".." + lastJobId + "]";
    }
}
