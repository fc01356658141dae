package dev.cruciblesim.downstairs;

import dev.cruciblesim.sim.protocol.IoOp;
import dev.cruciblesim.sim.protocol.Message;

import java.util.Arrays;

/**
 * Jobs that arrived and have not started, sorted by job id: O's New/DepWait jobs. The request
 * message itself is the job record, so queueing allocates nothing. Jobs arrive in id order, so
 * insertion is an append; removal is nearly always of the first job, which a ring makes a step of
 * its head rather than a shift of every later job.
 *
 * <p>Each job's id, op and dependencies are kept beside it: the core asks for them on every scan,
 * and read through the job, three message classes behind one interface, each would be an
 * interface dispatch.
 *
 * <p>Not thread-safe; grows by doubling and never shrinks.
 */
final class PendingJobs {
    private static final IoOp[] OPS = IoOp.values();

    private long[] jobIds = new long[16];
    private byte[] ops = new byte[16];
    /** Each job's dependency range as its two ends, so that no request need make a range object. */
    private long[] firstDependencies = new long[16];
    private long[] lastDependencies = new long[16];
    private Message.JobRequest[] jobs = new Message.JobRequest[16];
    /** Where the lowest-id job sits; slot {@code i} of the queue is at {@code (head + i) & mask}. */
    private int head;
    private int size;
    private int mask = 15;

    int size() {
        return size;
    }

    Message.JobRequest jobAt(int index) {
        return jobs[(head + index) & mask];
    }

    long jobIdAt(int index) {
        return jobIds[(head + index) & mask];
    }

    IoOp opAt(int index) {
        return OPS[ops[(head + index) & mask]];
    }

    long firstDependencyAt(int index) {
        return firstDependencies[(head + index) & mask];
    }

    /** Below {@link #firstDependencyAt} when the job depends on nothing. */
    long lastDependencyAt(int index) {
        return lastDependencies[(head + index) & mask];
    }

    boolean containsJobId(long jobId) {
        int low = 0;
        int high = size - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            long midId = jobIds[(head + mid) & mask];
            if (midId < jobId) {
                low = mid + 1;
            } else if (midId > jobId) {
                high = mid - 1;
            } else {
                return true;
            }
        }
        return false;
    }

    /** Inserts in id order; the caller has checked that the job's id is not present. */
    void insert(Message.JobRequest job, long jobId, IoOp op, long firstDependency, long lastDependency) {
        if (size == jobs.length) {
            grow();
        }
        int index = size;
        while (index > 0 && jobIdAt(index - 1) > jobId) {
            // Out of order (not seen from the upstairs, which sends in id order): the later jobs move up one.
            move(index - 1, index);
            index--;
        }
        set(index, job, jobId, (byte) op.ordinal(), firstDependency, lastDependency);
        size++;
    }

    /** Removes the job at {@code index}; the caller has read what it needs through the accessors. */
    void removeAt(int index) {
        if (index == 0) {
            clearSlot(head);
            head = (head + 1) & mask;
        } else {
            for (int i = index; i < size - 1; i++) {
                move(i + 1, i);
            }
            clearSlot((head + size - 1) & mask);
        }
        size--;
    }

    void clear() {
        for (int i = 0; i < size; i++) {
            clearSlot((head + i) & mask);
        }
        head = 0;
        size = 0;
    }

    private void move(int fromIndex, int toIndex) {
        int from = (head + fromIndex) & mask;
        set(toIndex, jobs[from], jobIds[from], ops[from], firstDependencies[from], lastDependencies[from]);
    }

    private void set(int index, Message.JobRequest job, long jobId, byte op, long firstDependency,
            long lastDependency) {
        int slot = (head + index) & mask;
        jobs[slot] = job;
        jobIds[slot] = jobId;
        ops[slot] = op;
        firstDependencies[slot] = firstDependency;
        lastDependencies[slot] = lastDependency;
    }

    /** Does not retain a write's data after the job has left. */
    private void clearSlot(int slot) {
        jobs[slot] = null;
    }

    private void grow() {
        int capacity = jobs.length * 2;
        long[] newIds = new long[capacity];
        byte[] newOps = new byte[capacity];
        long[] newFirstDependencies = new long[capacity];
        long[] newLastDependencies = new long[capacity];
        Message.JobRequest[] newJobs = new Message.JobRequest[capacity];
        for (int i = 0; i < size; i++) {
            int slot = (head + i) & mask;
            newIds[i] = jobIds[slot];
            newOps[i] = ops[slot];
            newFirstDependencies[i] = firstDependencies[slot];
            newLastDependencies[i] = lastDependencies[slot];
            newJobs[i] = jobs[slot];
        }
        jobIds = newIds;
        ops = newOps;
        firstDependencies = newFirstDependencies;
        lastDependencies = newLastDependencies;
        jobs = newJobs;
        head = 0;
        mask = capacity - 1;
    }

    @Override
    public String toString() {
        long[] ids = new long[size];
        for (int i = 0; i < size; i++) {
            ids[i] = jobIdAt(i);
        }
        return "PendingJobs" + Arrays.toString(ids);
    }
}
