package dev.cruciblesim.bench.workload;

/** Where a job's IOs come from: a generator, or a trace being replayed. Single-threaded. */
interface IoSource {
    /**
     * Sets {@code io}'s operation and block range to the next IO.
     *
     * @return false when the source has no more IO (a trace's end); a generator never runs out
     */
    boolean next(GuestIo io);
}
