package dev.cruciblesim.tracing.report;

import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * A per-script cache of strings derived from a probe name, such as D's
 * {@code strtok(probename, "-")} second word, so that deriving them on every firing costs no
 * allocation. The set of probe names is small and fixed, and a probe's name is always the same
 * String instance, so a short copy-on-write array compared by identity beats hashing: a hit is a
 * few reference compares, lock-free on any thread.
 */
final class ProbeNameWords {
    private final UnaryOperator<String> derivation;
    /** Alternating probe name and derived string; replaced whole when a name is added. */
    private volatile String[] pairs = new String[0];

    ProbeNameWords(UnaryOperator<String> derivation) {
        this.derivation = derivation;
    }

    String of(String probeName) {
        String[] known = pairs;
        for (int i = 0; i < known.length; i += 2) {
            if (known[i] == probeName) {
                return known[i + 1];
            }
        }
        return add(probeName);
    }

    private synchronized String add(String probeName) {
        String[] known = pairs;
        for (int i = 0; i < known.length; i += 2) {
            if (known[i].equals(probeName)) {
                return known[i + 1];
            }
        }
        String word = derivation.apply(probeName);
        String[] grown = Arrays.copyOf(known, known.length + 2);
        grown[known.length] = probeName;
        grown[known.length + 1] = word;
        pairs = grown;
        return word;
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
