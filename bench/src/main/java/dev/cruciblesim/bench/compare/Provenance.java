package dev.cruciblesim.bench.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/** Where each side came from, and whether the two are comparable at all. */
public final class Provenance {
    /** How many differing scenario keys a refusal lists. */
    public static final int LISTED_DIFFERENCES = 10;

    private Provenance() {
    }

    /** @return "commit bad7626", "commit bad7626 (dirty)" or "commit unknown" */
    public static String commit(Side side) {
        if (side.kind() == Side.Kind.JMH) {
            return "commit unknown (JMH results do not record it)";
        }
        if (side.commit() == null) {
            return "commit unknown";
        }
        return "commit " + side.commit() + (Boolean.TRUE.equals(side.dirty()) ? " (dirty)"
                : side.dirty() == null ? " (dirty flag unknown)" : "");
    }

    /** @return e.g. "set of 8 runs, seeds 1..8, virtual time, scenario healthy" */
    public static String describe(Side side) {
        if (side.kind() == Side.Kind.JMH) {
            return "JMH results, " + side.benchmarks().size() + " benchmark" + (side.benchmarks().size() == 1 ? ""
                    : "s");
        }
        StringBuilder text = new StringBuilder();
        int runs = side.reports().size();
        text.append(side.kind() == Side.Kind.SET ? "set of " + runs + " run" + (runs == 1 ? "" : "s") : "run");
        boolean oneSeedRepeated = side.seeds().size() > 1 && !side.seeds().contains(null)
                && side.seeds().stream().distinct().count() == 1;
        if (oneSeedRepeated) {
            // A real-time --repeat set: the same seed each time, so say it once.
            text.append(", seed ").append(side.seeds().get(0)).append(" each");
        } else {
            text.append(side.seeds().size() == 1 ? ", seed " : ", seeds ").append(seeds(side.seeds()));
        }
        String clock = side.clock();
        text.append(", ").append(clock == null ? "mixed clocks" : clock + " time");
        if (side.scenarioName() != null) {
            text.append(", scenario ").append(side.scenarioName());
        }
        if (!side.skippedRuns().isEmpty()) {
            text.append(", ").append(side.skippedRuns().size()).append(" failed run(s) left out (")
                    .append(String.join(", ", side.skippedRuns())).append(')');
        }
        return text.toString();
    }

    /** @return "1..8" for a consecutive run of seeds, else the list: "1,5,9" */
    static String seeds(List<Long> seeds) {
        if (seeds.stream().anyMatch(Objects::isNull)) {
            return "unknown";
        }
        boolean consecutive = seeds.size() > 2;
        for (int i = 1; i < seeds.size() && consecutive; i++) {
            consecutive = seeds.get(i) == seeds.get(i - 1) + 1;
        }
        return consecutive ? seeds.get(0) + ".." + seeds.get(seeds.size() - 1)
                : seeds.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    /** Warnings worth a line, though the comparison stands: single runs of different seeds. */
    public static List<String> warnings(Side oldSide, Side newSide) {
        List<String> warnings = new ArrayList<>();
        if (oldSide.kind() == Side.Kind.RUN && newSide.kind() == Side.Kind.RUN
                && !Objects.equals(oldSide.seeds(), newSide.seeds())) {
            warnings.add("the runs have different seeds (" + seeds(oldSide.seeds()) + " and " + seeds(newSide.seeds())
                    + "): part of any difference is the seed's, not the change's");
        }
        for (Side side : List.of(oldSide, newSide)) {
            if (!side.skippedRuns().isEmpty()) {
                warnings.add(side.path() + ": " + side.skippedRuns().size() + " run(s) did not succeed and are left "
                        + "out: " + String.join(", ", side.skippedRuns()));
            }
        }
        return warnings;
    }

    /**
     * The scenarios' differences, as dotted key paths with both values; empty when they are the same scenario.
     * The hashes decide when both sides carry one; otherwise the resolved scenarios are compared key by key,
     * their seeds aside (the seed is the sample, not the scenario).
     */
    public static List<String> scenarioDifferences(Side oldSide, Side newSide) {
        if (oldSide.kind() == Side.Kind.JMH) {
            return List.of();
        }
        Map<String, Object> oldScenario = withoutSeed(oldSide.scenario());
        Map<String, Object> newScenario = withoutSeed(newSide.scenario());
        List<String> differences = new ArrayList<>();
        diff("", oldScenario, newScenario, differences);
        if (oldSide.scenarioHash() != null && newSide.scenarioHash() != null) {
            if (oldSide.scenarioHash().equals(newSide.scenarioHash())) {
                return List.of();
            }
            if (differences.isEmpty()) {
                differences.add("scenario_hash: " + oldSide.scenarioHash() + " vs " + newSide.scenarioHash()
                        + " (the resolved scenarios in report.json show no difference)");
            }
        }
        return differences;
    }

    private static Map<String, Object> withoutSeed(Map<String, Object> scenario) {
        Map<String, Object> copy = new LinkedHashMap<>(scenario == null ? Map.of() : scenario);
        copy.remove("seed");
        return copy;
    }

    private static void diff(String path, Object before, Object after, List<String> differences) {
        if (before instanceof Map<?, ?> oldMap && after instanceof Map<?, ?> newMap) {
            Set<Object> keys = new LinkedHashSet<>(oldMap.keySet());
            keys.addAll(newMap.keySet());
            for (Object key : keys) {
                diff(path.isEmpty() ? String.valueOf(key) : path + "." + key, oldMap.get(key), newMap.get(key),
                        differences);
            }
        } else if (before instanceof List<?> oldList && after instanceof List<?> newList) {
            for (int i = 0; i < Math.max(oldList.size(), newList.size()); i++) {
                diff(path + "." + i, i < oldList.size() ? oldList.get(i) : null,
                        i < newList.size() ? newList.get(i) : null, differences);
            }
        } else if (!Objects.equals(before, after)) {
            differences.add(path + ": " + shown(before) + " vs " + shown(after));
        }
    }

    private static String shown(Object value) {
        if (value == null) {
            return "absent";
        }
        String text = value instanceof String s ? "'" + s + "'" : String.valueOf(value);
        return text.length() > 60 ? text.substring(0, 57) + "..." : text;
    }
}
