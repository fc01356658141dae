package dev.cruciblesim.bench.workload;

import dev.cruciblesim.sim.protocol.IoOp;

import java.util.List;

/**
 * What a workload did: IOs completed per operation over all jobs, reads verified, the span they
 * took on the run's clock, the latencies over all jobs, each job's own result, and every failure
 * (the first few kept verbatim).
 *
 * @param span     the union of the jobs' spans: from the first submission of any job to the last
 *                 completion of any ({@link MeasuredSpan})
 * @param latency  response latency over all jobs (from each IO's intended start; in a closed loop the
 *                 same as the service latency); each job's own three kinds are in {@code jobs}
 */
public record WorkloadResult(long reads, long writes, long flushes, long verifiedReads, MeasuredSpan span,
        long failureCount, List<String> failures, GuestLatency latency, List<JobResult> jobs) {
    public WorkloadResult {
        failures = List.copyOf(failures);
        jobs = List.copyOf(jobs);
    }

    /** Sums the jobs' results, and joins their spans. */
    public static WorkloadResult of(List<JobResult> jobs, long failureCount, List<String> failures) {
        long reads = 0;
        long writes = 0;
        long flushes = 0;
        long verified = 0;
        MeasuredSpan span = MeasuredSpan.none();
        GuestLatency response = new GuestLatency();
        for (JobResult job : jobs) {
            reads += job.reads();
            writes += job.writes();
            flushes += job.flushes();
            verified += job.verifiedReads();
            span = span.union(job.span());
            for (IoOp op : IoOp.values()) {
                response.add(op, job.response());
            }
        }
        return new WorkloadResult(reads, writes, flushes, verified, span, failureCount, failures, response, jobs);
    }

    /** @return the span's duration, report.json's {@code elapsed_ns} */
    public long elapsedNs() {
        return span.durationNs();
    }

    public long totalIos() {
        return reads + writes + flushes;
    }

    public long unissued() {
        return jobs.stream().mapToLong(JobResult::unissued).sum();
    }

    public boolean succeeded() {
        return failureCount == 0;
    }
}
