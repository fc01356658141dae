package dev.cruciblesim.bench.workload;

/**
 * What one job did. Latencies come in fio's three kinds, all per operation:
 * <ul>
 *   <li>{@code service}: from submission to completion (fio's {@code clat});</li>
 *   <li>{@code response}: from the intended start to completion (fio's {@code lat}): in an open
 *       loop this includes the time an IO waited because the job was behind its schedule, so
 *       there is no coordinated omission; in a closed loop it equals the service latency;</li>
 *   <li>{@code lag}: from the intended start to submission (fio's {@code slat} slot), how far
 *       the job fell behind its schedule; always 0 in a closed loop.</li>
 * </ul>
 *
 * @param unissued     IOs whose intended time came but which were not issued before the job's runtime ended
 *                     (an open loop that could not keep up)
 * @param skippedTrims trims in a replayed trace, which Crucible has no operation for
 * @param span         from this job's first submission to its last completion: what its rates are over
 */
public record JobResult(String name, long reads, long writes, long flushes, long verifiedReads, long unissued,
        long skippedTrims, MeasuredSpan span, GuestLatency service, GuestLatency response, GuestLatency lag) {
    public long totalIos() {
        return reads + writes + flushes;
    }

    /** @return the span's duration, report.json's {@code elapsed_ns} */
    public long elapsedNs() {
        return span.durationNs();
    }
}
