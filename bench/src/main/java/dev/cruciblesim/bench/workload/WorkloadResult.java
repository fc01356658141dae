package dev.cruciblesim.bench.workload;

import java.util.List;

/**
 * What a workload did: IOs completed per operation, reads verified, the time it took on the run's
 * clock, the guest-side latencies, and every failure (the first few kept verbatim).
 */
public record WorkloadResult(long reads, long writes, long flushes, long verifiedReads, long elapsedNs,
        long failureCount, List<String> failures, GuestLatency latency) {
    public WorkloadResult {
        failures = List.copyOf(failures);
    }

    public long totalIos() {
        return reads + writes + flushes;
    }

    public boolean succeeded() {
        return failureCount == 0;
    }
}
