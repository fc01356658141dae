package dev.cruciblesim.bench.harness;

import dev.cruciblesim.bench.workload.WorkloadResult;
import dev.cruciblesim.tracing.metrics.MetricSummary;
import dev.cruciblesim.tracing.report.DTraceReport;

import java.util.List;
import java.util.Map;

/**
 * What a run produced: its reports (finished), the workload's result (null if no IO ran), the
 * upstairs' last status, a one-paragraph summary, the failures, and every metric's distribution.
 *
 * @param runtimeNote one line about the runtime itself (e.g. simulation speed) for stderr only:
 *                    it may depend on the machine, so it never goes into report.json
 * @param interrupted whether a stop was requested (a SIGINT) before the run ended: its workload
 *                    may have stopped short of its limit, though what it reports is complete
 * @param faults      each injected fault as report.json lists it ({@code FaultRecord.describe}), in the scenario's
 *                    order; empty without faults
 * @param cpuTimeNs   real time: CPU nanoseconds by component ({@link ComponentCpuTime}); empty in virtual time,
 *                    where one thread does everything and nothing machine-made may reach report.json
 */
public record RunOutcome(List<DTraceReport> reports, WorkloadResult workload, String finalStatusJson,
        String summary, List<String> failures, List<MetricSummary> metrics, String runtimeNote,
        boolean interrupted, List<Map<String, Object>> faults, Map<String, Long> cpuTimeNs) {
    public RunOutcome {
        cpuTimeNs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(cpuTimeNs));
        faults = List.copyOf(faults);
        reports = List.copyOf(reports);
        failures = List.copyOf(failures);
        metrics = List.copyOf(metrics);
    }

    public boolean succeeded() {
        return failures.isEmpty();
    }
}
