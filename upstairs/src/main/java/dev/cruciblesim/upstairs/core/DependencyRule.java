package dev.cruciblesim.upstairs.core;

import dev.cruciblesim.sim.protocol.DependencyRange;
import dev.cruciblesim.sim.protocol.IoOp;

/** Which earlier jobs a new job must wait for at every downstairs: where revisions O and H differ. */
public interface DependencyRule {
    /**
     * @param jobId            the new job's id
     * @param firstUnretiredId the oldest job not yet retired
     */
    DependencyRange dependenciesOf(long jobId, IoOp op, long blockOffset, int blockCount, long firstUnretiredId);

    /** Revision O: every unretired earlier job, which is one contiguous id range. */
    DependencyRule REVISION_O = (jobId, op, blockOffset, blockCount, firstUnretiredId) ->
            DependencyRange.of(firstUnretiredId, jobId - 1);
}
