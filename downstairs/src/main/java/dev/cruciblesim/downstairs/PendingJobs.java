package dev.cruciblesim.downstairs;

import dev.cruciblesim.sim.protocol.Message;

import java.util.Arrays;

/**
 * Jobs that arrived and have not started, sorted by job id: O's New/DepWait jobs. The request
 * message itself is the job record, so queueing allocates nothing. Jobs arrive in id order, so
 * insertion is an append; removal is nearly always of the first job.
 *
 * <p>Not thread-safe; grows by doubling and never shrinks.
 */
final class PendingJobs {
    private long[] jobIds = new long[16];
    private Message.JobRequest[] jobs = new Message.JobRequest[16];
    private int size;

    int size() {
        return size;
    }

    Message.JobRequest jobAt(int index) {
        return jobs[index];
    }

    boolean containsJobId(long jobId) {
        return Arrays.binarySearch(jobIds, 0, size, jobId) >= 0;
    }

    /** Inserts in id order; the caller has checked that the job's id is not present. */
    void insert(Message.JobRequest job) {
        long jobId = job.jobId();
        if (size == jobIds.length) {
            jobIds = Arrays.copyOf(jobIds, size * 2);
            jobs = Arrays.copyOf(jobs, size * 2);
        }
        int index = size;
        while (index > 0 && jobIds[index - 1] > jobId) {
            index--;
        }
        System.arraycopy(jobIds, index, jobIds, index + 1, size - index);
        System.arraycopy(jobs, index, jobs, index + 1, size - index);
        jobIds[index] = jobId;
        jobs[index] = job;
        size++;
    }

    Message.JobRequest removeAt(int index) {
        Message.JobRequest job = jobs[index];
        System.arraycopy(jobIds, index + 1, jobIds, index, size - index - 1);
        System.arraycopy(jobs, index + 1, jobs, index, size - index - 1);
        size--;
        jobs[size] = null; // do not retain a write's data after the job has left
        return job;
    }

    void clear() {
        Arrays.fill(jobs, 0, size, null);
        size = 0;
    }
}
