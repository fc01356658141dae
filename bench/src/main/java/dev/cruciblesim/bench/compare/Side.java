package dev.cruciblesim.bench.compare;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One side of a comparison as it was read: its runs' report.json documents, or a JMH result file's
 * benchmarks, and where they came from.
 *
 * @param path         as given on the command line
 * @param kind         what the path held
 * @param reports      the runs' report.json documents (one for a run), in the set's order; empty for JMH
 * @param benchmarks   a JMH file's results; empty otherwise
 * @param commit       the commit the runs were built from, null when no file says
 * @param dirty        whether that build had uncommitted changes, null when unknown
 * @param scenarioHash the hash of the resolved scenario without its seed, null when no file says
 * @param skippedRuns  ids of a set's runs that did not succeed and are left out
 */
public record Side(Path path, Kind kind, List<Map<String, Object>> reports, List<Map<String, Object>> benchmarks,
        String commit, Boolean dirty, String scenarioHash, List<String> skippedRuns) {
    public enum Kind {
        RUN("run"), SET("set"), JMH("JMH results");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public Side {
        reports = List.copyOf(reports);
        benchmarks = List.copyOf(benchmarks);
        skippedRuns = List.copyOf(skippedRuns);
    }

    /** @return the clock all runs used ("virtual", "real"), or null for JMH or when the runs disagree */
    public String clock() {
        String clock = null;
        for (Map<String, Object> report : reports) {
            Object value = report.get("clock");
            if (clock != null && !clock.equals(value)) {
                return null;
            }
            clock = value instanceof String s ? s : null;
        }
        return clock;
    }

    /** @return the runs' seeds in order (null entries where a report has none) */
    public List<Long> seeds() {
        return reports.stream().map(r -> r.get("seed") instanceof Number n ? n.longValue() : null).toList();
    }

    /** @return the first run's resolved scenario, null for JMH */
    @SuppressWarnings("unchecked")
    public Map<String, Object> scenario() {
        return reports.isEmpty() ? null : reports.get(0).get("scenario") instanceof Map<?, ?> m
                ? (Map<String, Object>) m : null;
    }

    public String scenarioName() {
        return reports.isEmpty() ? null : reports.get(0).get("scenario_name") instanceof String s ? s : null;
    }
}
