package dev.cruciblesim.tracing.d;

import dev.cruciblesim.tracing.probe.ArgType;
import dev.cruciblesim.tracing.probe.CrucibleProbes;
import dev.cruciblesim.tracing.probe.FaultProbes;
import dev.cruciblesim.tracing.probe.ProbeDefinition;
import dev.cruciblesim.tracing.probe.ProbeDescription;
import dev.cruciblesim.tracing.probe.ProbeRegistry;
import java.util.ArrayList;
import java.util.List;

/**
 * Every probe definition the harness can fire, independent of which component instances exist:
 * what the compiler types {@code args[N]} from, so a script type-checks before any component
 * exists (as {@code -Z} scripts must). The provider field of a description is matched against a
 * definition's provider with any instance id, as {@code crucible_upstairs*} or
 * {@code crucible_upstairs1} match {@code crucible_upstairs}.
 */
final class ProbeCatalogue {
    static final List<ProbeDefinition> ALL;

    static {
        List<ProbeDefinition> all = new ArrayList<>(CrucibleProbes.all());
        all.addAll(FaultProbes.all());
        all.addAll(dev.cruciblesim.tracing.probe.WorkloadProbes.all());
        ALL = List.copyOf(all);
    }

    private ProbeCatalogue() {
    }

    static List<ProbeDefinition> matching(ProbeDescription description) {
        List<ProbeDefinition> matched = new ArrayList<>();
        for (ProbeDefinition definition : ALL) {
            if (providerMatches(description.provider(), definition.provider())
                    && ProbeDescription.fieldMatches(description.module(), ProbeRegistry.MODULE)
                    && ProbeDescription.fieldMatches(description.function(), definition.function())
                    && ProbeDescription.fieldMatches(description.name(), definition.name())) {
                matched.add(definition);
            }
        }
        return matched;
    }

    /** The argument types of {@code definitions} by position; null where they disagree. */
    static List<ArgType> argTypes(List<ProbeDefinition> definitions) {
        List<ArgType> types = new ArrayList<>();
        int count = argCount(definitions);
        for (int i = 0; i < count; i++) {
            ArgType type = definitions.get(0).argTypes().get(i);
            for (ProbeDefinition definition : definitions) {
                if (definition.argTypes().get(i) != type) {
                    type = null;
                }
            }
            types.add(type);
        }
        return types;
    }

    static int argCount(List<ProbeDefinition> definitions) {
        int count = Integer.MAX_VALUE;
        for (ProbeDefinition definition : definitions) {
            count = Math.min(count, definition.argCount());
        }
        return definitions.isEmpty() ? 0 : count;
    }

    /** @return up to {@code limit} distinct names of {@code registry}'s probes, closest to {@code wanted} first */
    static List<String> closestNames(ProbeRegistry registry, String wanted, int limit) {
        List<String> names = new ArrayList<>();
        for (dev.cruciblesim.tracing.probe.Probe probe : registry.probes()) {
            if (!names.contains(probe.name())) {
                names.add(probe.name());
            }
        }
        names.sort((a, b) -> Integer.compare(editDistance(wanted, a), editDistance(wanted, b)));
        return List.copyOf(names.subList(0, Math.min(limit, names.size())));
    }

    /** Levenshtein distance: insertions, deletions and substitutions each cost 1. */
    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /**
     * A definition has no instance id yet: the provider pattern matches if it matches the provider with some
     * instance id appended ({@code crucible_upstairs*}, {@code crucible_upstairs1}).
     */
    private static boolean providerMatches(String pattern, String provider) {
        if (ProbeDescription.fieldMatches(pattern, provider)) {
            return true;
        }
        for (char digit = '0'; digit <= '9'; digit++) {
            if (ProbeDescription.fieldMatches(pattern, provider + digit)) {
                return true;
            }
        }
        int end = pattern.length();
        while (end > 0 && Character.isDigit(pattern.charAt(end - 1))) {
            end--;
        }
        // Stripping digits off an escape ("foo\1") would leave a lone '\', which is no glob.
        return end < pattern.length() && !pattern.substring(0, end).endsWith("\\")
                && ProbeDescription.fieldMatches(pattern.substring(0, end), provider);
    }
}
