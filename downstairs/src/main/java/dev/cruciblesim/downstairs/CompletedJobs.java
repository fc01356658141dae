package dev.cruciblesim.downstairs;

import java.util.Arrays;

/**
 * The ids of jobs completed since the last completed flush, as sorted, disjoint, non-adjacent
 * inclusive ranges. Jobs finish almost always in id order, so this is nearly always one range:
 * adding is O(1) in that case and asking whether a whole dependency range is done is one
 * comparison, instead of O's {@code Vec} scan per dependency ({@code DL@O:1339-1455}).
 *
 * <p>Not thread-safe; allocates only when it needs more ranges than ever before.
 */
final class CompletedJobs {
    private long[] firstIds = new long[4];
    private long[] lastIds = new long[4];
    private int rangeCount;
    private long idCount;

    /** Adds {@code jobId}; adding an id already present is a no-op. */
    void add(long jobId) {
        // Common case: the id extends the last range.
        if (rangeCount > 0 && jobId == lastIds[rangeCount - 1] + 1) {
            lastIds[rangeCount - 1] = jobId;
            idCount++;
            return;
        }
        int index = indexOfFirstRangeEndingAtOrAfter(jobId - 1);
        // Every range before index ends before jobId - 1, so none touches jobId.
        if (index < rangeCount && firstIds[index] <= jobId + 1) {
            if (firstIds[index] <= jobId && jobId <= lastIds[index]) {
                return;
            }
            if (jobId == lastIds[index] + 1) {
                lastIds[index] = jobId;
                if (index + 1 < rangeCount && firstIds[index + 1] == jobId + 1) {
                    lastIds[index] = lastIds[index + 1];
                    removeRange(index + 1);
                }
            } else {
                firstIds[index] = jobId;
            }
            idCount++;
            return;
        }
        insertRange(index, jobId);
        idCount++;
    }

    /** @return true when every id in {@code [firstJobId, lastJobId]} is present; true for an empty range */
    boolean containsAll(long firstJobId, long lastJobId) {
        if (lastJobId < firstJobId) {
            return true;
        }
        // Ranges are maximal, so a contiguous run of ids is present only if one range covers it.
        int index = indexOfFirstRangeEndingAtOrAfter(lastJobId);
        return index < rangeCount && firstIds[index] <= firstJobId;
    }

    boolean contains(long jobId) {
        return containsAll(jobId, jobId);
    }

    void clear() {
        rangeCount = 0;
        idCount = 0;
    }

    /** @return how many ids are present */
    long size() {
        return idCount;
    }

    int rangeCount() {
        return rangeCount;
    }

    private int indexOfFirstRangeEndingAtOrAfter(long jobId) {
        int low = 0;
        int high = rangeCount;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (lastIds[mid] < jobId) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    private void insertRange(int index, long jobId) {
        if (rangeCount == firstIds.length) {
            firstIds = Arrays.copyOf(firstIds, rangeCount * 2);
            lastIds = Arrays.copyOf(lastIds, rangeCount * 2);
        }
        System.arraycopy(firstIds, index, firstIds, index + 1, rangeCount - index);
        System.arraycopy(lastIds, index, lastIds, index + 1, rangeCount - index);
        firstIds[index] = jobId;
        lastIds[index] = jobId;
        rangeCount++;
    }

    private void removeRange(int index) {
        System.arraycopy(firstIds, index + 1, firstIds, index, rangeCount - index - 1);
        System.arraycopy(lastIds, index + 1, lastIds, index, rangeCount - index - 1);
        rangeCount--;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("CompletedJobs[");
        for (int i = 0; i < rangeCount; i++) {
            text.append(i == 0 ? "" : ", ").append(firstIds[i]).append("..").append(lastIds[i]);
        }
        return text.append(']').toString();
    }
}
