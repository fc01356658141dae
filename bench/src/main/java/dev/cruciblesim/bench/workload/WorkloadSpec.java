package dev.cruciblesim.bench.workload;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the guest does: one or more named {@link JobSpec jobs} running at once against the volume,
 * like the jobs of one fio job file.
 */
public record WorkloadSpec(List<JobSpec> jobs) {
    public WorkloadSpec {
        jobs = List.copyOf(jobs);
        if (jobs.isEmpty()) {
            throw new IllegalArgumentException("a workload needs at least one job");
        }
        Set<String> names = new HashSet<>();
        for (JobSpec job : jobs) {
            if (!names.add(job.name())) {
                throw new IllegalArgumentException("two jobs are named " + job.name());
            }
        }
    }

    /** @return the only job; for callers that know the workload has one */
    public JobSpec job() {
        if (jobs.size() != 1) {
            throw new IllegalStateException("the workload has " + jobs.size() + " jobs");
        }
        return jobs.get(0);
    }

    /** @return true if any job verifies its reads: the oracle must then follow every job's writes */
    public boolean verifies() {
        return jobs.stream().anyMatch(JobSpec::verify);
    }

    /** @return the jobs that have no limit at all (no runtime, no IO count, no trace): they run until interrupted */
    public List<JobSpec> unlimitedJobs() {
        return jobs.stream().filter(job -> job.numberIos() == 0 && job.runtimeNs() == 0 && job.replay() == null)
                .toList();
    }

    /** @return true if any job is limited only by its runtime (no IO count, no trace end) */
    public boolean endsOnlyByRuntime() {
        return jobs.stream().anyMatch(job -> job.numberIos() == 0 && job.replay() == null);
    }

    /** @return the jobs under their YAML names: {@code {jobs: [...]}} */
    public Map<String, Object> describe() {
        List<Object> described = new ArrayList<>();
        for (JobSpec job : jobs) {
            described.add(job.describe());
        }
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("jobs", described);
        return description;
    }
}
