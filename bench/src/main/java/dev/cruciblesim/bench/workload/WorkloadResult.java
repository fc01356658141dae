package dev.cruciblesim.bench.workload;

import java.util.List;

/**
 * What a workload did: IOs completed per operation, reads verified, the wall time it took, and every
 * failure (the first few kept verbatim).
 */
public record WorkloadResult(long reads, long writes, long flushes, long verifiedReads, long elapsedNs,
        long failureCount, List<String> failures) {
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
