package dev.cruciblesim.tracing.report;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * A per-script cache of strings derived from a probe name, such as D's
 * {@code strtok(probename, "-")} second word, so that deriving them on every firing costs a map
 * lookup and no allocation. The set of probe names is small and fixed.
 */
final class ProbeNameWords {
    private final ConcurrentHashMap<String, String> derived = new ConcurrentHashMap<>();
    private final UnaryOperator<String> derivation;

    ProbeNameWords(UnaryOperator<String> derivation) {
        this.derivation = derivation;
    }

    String of(String probeName) {
        String word = derived.get(probeName);
        return word != null ? word : derived.computeIfAbsent(probeName, derivation);
    }

    /** @return the {@code index}-th (0-based) non-empty dash-separated word, as repeated strtok calls find it */
    static String word(String probeName, int index) {
        int found = 0;
        for (String token : probeName.split("-")) {
            if (!token.isEmpty() && found++ == index) {
                return token;
            }
        }
        throw new IllegalArgumentException("probe name '" + probeName + "' has no word " + index);
    }
}
