package dev.cruciblesim.upstairs.core;

import dev.cruciblesim.sim.protocol.WriteRequest;

/**
 * The unretired jobs, ids {@code [firstJobId, nextJobId)}, in a growable ring indexed by job id.
 *
 * <p>Revision O retires only whole prefixes (everything up to a flush finished on all three
 * downstairs), so the live ids are always contiguous and a ring is exact. Slots keep their
 * {@link Job} objects when retired, for reuse by later jobs.
 */
final class JobTable {
    private Job[] ring;
    private int mask;
    private long firstJobId;
    private long nextJobId;

    JobTable(long firstJobId, int initialCapacity) {
        int capacity = Integer.highestOneBit(Math.max(16, initialCapacity - 1) << 1);
        this.ring = new Job[capacity];
        for (int i = 0; i < capacity; i++) {
            ring[i] = new Job();
        }
        this.mask = capacity - 1;
        this.firstJobId = firstJobId;
        this.nextJobId = firstJobId;
    }

    /** @return a fresh job with the next id; its other fields are reset */
    Job add() {
        if (nextJobId - firstJobId == ring.length) {
            grow();
        }
        Job job = ring[(int) (nextJobId & mask)];
        job.reset();
        job.jobId = nextJobId++;
        return job;
    }

    /** @return the live job with this id, or null when it is retired or not yet created */
    Job get(long jobId) {
        if (jobId < firstJobId || jobId >= nextJobId) {
            return null;
        }
        return ring[(int) (jobId & mask)];
    }

    /**
     * Retires every job with an id up to and including {@code lastJobId}, handing {@code recycler} the pooled
     * payload of each retiring write that all three clients answered, and keeping its request in the slot for reuse.
     * A client that was skipped may still hold the request in a queue, so such a payload and request are left to the
     * garbage collector.
     */
    void retireThrough(long lastJobId, PayloadRecycler recycler) {
        while (firstJobId <= lastJobId && firstJobId < nextJobId) {
            Job job = ring[(int) (firstJobId & mask)];
            if (job.pooledPayload && job.everyClientAnswered()) {
                WriteRequest write = (WriteRequest) job.request;
                recycler.recycle(write.data());
                job.spareWrite = write; // no reader holds it either: the slot's next pooled write refills it
            }
            job.reset();
            firstJobId++;
        }
    }

    long firstJobId() {
        return firstJobId;
    }

    long nextJobId() {
        return nextJobId;
    }

    int size() {
        return (int) (nextJobId - firstJobId);
    }

    private void grow() {
        Job[] bigger = new Job[ring.length * 2];
        int biggerMask = bigger.length - 1;
        for (long id = firstJobId; id < nextJobId; id++) {
            bigger[(int) (id & biggerMask)] = ring[(int) (id & mask)];
        }
        for (int i = 0; i < bigger.length; i++) {
            if (bigger[i] == null) {
                bigger[i] = new Job();
            }
        }
        ring = bigger;
        mask = biggerMask;
    }
}
