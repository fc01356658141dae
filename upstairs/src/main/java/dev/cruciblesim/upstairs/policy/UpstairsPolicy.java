package dev.cruciblesim.upstairs.policy;

import dev.cruciblesim.sim.protocol.DependencyRange;
import dev.cruciblesim.sim.protocol.IoOp;

/**
 * The rules of one Crucible upstairs revision, where revisions differ (see
 * {@code shared/spec/crucible-reference.md} §3-§6): which earlier jobs a new job waits for, how
 * many OK replies make a job ready to ack, how many jobs a client may have in flight, what an
 * error reply does to a client and what result the guest gets. The upstairs core asks these
 * questions and keeps everything else (job ids, retirement, probes) the same for every revision.
 *
 * <p>Implementations are stateless and immutable, and are called on the core thread, on the hot
 * path: they allocate nothing beyond the value they return.
 */
public interface UpstairsPolicy {
    /** @return the name scenarios use ({@code upstairs.policy: o}) and reports print */
    String name();

    /**
     * @param jobId               the new job's id
     * @param firstUnretiredJobId the oldest job not yet retired
     * @return the earlier jobs the new job must wait for at every downstairs
     */
    DependencyRange dependenciesOf(long jobId, IoOp op, long blockOffset, int blockCount, long firstUnretiredJobId);

    /**
     * The first job of {@link #dependenciesOf}'s range, for a caller that keeps the two ends rather than a range
     * object (a reused write request); a policy whose rule is a formula should say it here without making the range.
     */
    default long firstDependencyOf(long jobId, IoOp op, long blockOffset, int blockCount, long firstUnretiredJobId) {
        return dependenciesOf(jobId, op, blockOffset, blockCount, firstUnretiredJobId).firstJobId();
    }

    /** The last job of {@link #dependenciesOf}'s range; below {@link #firstDependencyOf} when it is empty. */
    default long lastDependencyOf(long jobId, IoOp op, long blockOffset, int blockCount, long firstUnretiredJobId) {
        return dependenciesOf(jobId, op, blockOffset, blockCount, firstUnretiredJobId).lastJobId();
    }

    /** @return how many OK replies make a job of {@code op} ready to ack */
    int okRepliesToAck(IoOp op);

    /**
     * Flow control. The core never sends a client more than {@code maxInFlightPerClient} jobs
     * whatever this says, because the runtimes size their queues by that limit (a real-time
     * downstairs ring that filled would block the core); a policy can only hold jobs back sooner.
     *
     * @param jobsInFlight         jobs sent to this client that it has not answered, below the limit
     * @param maxInFlightPerClient the configured limit
     * @return whether the client may be sent one more job now
     */
    boolean maySend(int jobsInFlight, int maxInFlightPerClient);

    /**
     * @return whether an error reply to a job of {@code op} fails the client, so that every later
     *         job skips it
     */
    boolean errorFailsClient(IoOp op);

    /**
     * The guest's result once a job is acked.
     *
     * @return null for success, otherwise why the IO failed
     */
    String resultOf(IoOp op, int okReplies, int errorReplies);
}
