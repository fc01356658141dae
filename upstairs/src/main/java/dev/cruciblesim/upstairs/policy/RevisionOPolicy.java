package dev.cruciblesim.upstairs.policy;

import dev.cruciblesim.sim.protocol.DependencyRange;
import dev.cruciblesim.sim.protocol.IoOp;

/**
 * Revision O (2022), the revision the seed's scripts and outputs come from: every job depends on
 * every unretired earlier job; a read is ready to ack at the 1st OK reply, a write or flush at the
 * 2nd; at most the configured number of jobs (O: 100) in flight per client; a write or flush error
 * fails the client for every later job.
 */
public final class RevisionOPolicy implements UpstairsPolicy {
    public static final String NAME = "o";
    public static final RevisionOPolicy INSTANCE = new RevisionOPolicy();

    private RevisionOPolicy() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Every unretired earlier job: one contiguous id range. */
    @Override
    public DependencyRange dependenciesOf(long jobId, IoOp op, long blockOffset, int blockCount,
            long firstUnretiredJobId) {
        return DependencyRange.of(firstUnretiredJobId, jobId - 1);
    }

    @Override
    public long firstDependencyOf(long jobId, IoOp op, long blockOffset, int blockCount, long firstUnretiredJobId) {
        return firstUnretiredJobId;
    }

    @Override
    public long lastDependencyOf(long jobId, IoOp op, long blockOffset, int blockCount, long firstUnretiredJobId) {
        return jobId - 1;
    }

    @Override
    public int okRepliesToAck(IoOp op) {
        return op == IoOp.READ ? 1 : 2;
    }

    @Override
    public boolean maySend(int jobsInFlight, int maxInFlightPerClient) {
        return jobsInFlight < maxInFlightPerClient;
    }

    @Override
    public boolean errorFailsClient(IoOp op) {
        return op != IoOp.READ;
    }

    /**
     * A read fails when no client returned data (O itself fails it only on three errors, which would
     * hand the guest no data after skips); a write or flush fails on two or more errors.
     */
    @Override
    public String resultOf(IoOp op, int okReplies, int errorReplies) {
        boolean failed = op == IoOp.READ ? okReplies == 0 : errorReplies >= 2;
        return failed ? errorReplies + " out of 3 downstairs returned an error" : null;
    }

    @Override
    public String toString() {
        return "revision " + NAME.toUpperCase(java.util.Locale.ROOT);
    }
}
