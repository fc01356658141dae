package dev.cruciblesim.bench.scenario;

import dev.cruciblesim.bench.scenario.Node.ScalarNode;

import java.math.BigDecimal;

/**
 * A key that was written (in the file or by an override), with its dotted path, and the readers that turn its text
 * into a value or refuse it in one line pointing at the value. A key that was not written is a null field, and the
 * caller picks the default: the readers never guess one.
 *
 * @param keyOrigin where the key stands; "unknown key" and "does not apply" errors point here
 */
record Field(String path, Origin keyOrigin, Node value) {
    Origin valueOrigin() {
        return value.origin();
    }

    /** @return the scalar's text, stripped; a map, a list or nothing is refused with {@code expectation} */
    String text(String expectation) {
        if (value instanceof ScalarNode scalar && scalar.text() != null) {
            return scalar.text().strip();
        }
        throw error(expectation + ", got " + value.shown());
    }

    /** @param expectation the message for a refused value, naming the whole range {@code [min, max]} */
    long longValue(long min, long max, String expectation) {
        String text = text(expectation);
        Long parsed = Quantities.parseLong(text);
        if (parsed == null || parsed < min || parsed > max) {
            throw error(expectation + ", got '" + text + "'");
        }
        return parsed;
    }

    /** @param expectation the message for a refused value, naming the whole range {@code [min, max]} */
    int intValue(int min, int max, String expectation) {
        return (int) longValue(min, max, expectation);
    }

    double numberValue(String expectation) {
        String text = text(expectation);
        return parsedOrRefused(Quantities.parseNumber(text), text, expectation);
    }

    boolean booleanValue() {
        String text = text("must be true or false");
        switch (text) {
            case "true", "True", "TRUE", "yes", "on":
                return true;
            case "false", "False", "FALSE", "no", "off":
                return false;
            default:
                throw error("must be true or false, got '" + text + "'");
        }
    }

    long sizeBytes(String expectation) {
        String text = text(expectation);
        return parsedOrRefused(Quantities.parseSizeBytes(text), text, expectation);
    }

    /** @param parsed what {@link Quantities} made of {@code text}: null when it could not */
    private <T> T parsedOrRefused(T parsed, String text, String expectation) {
        if (parsed == null) {
            throw error(expectation + ", got '" + text + "'");
        }
        return parsed;
    }

    /** @param minNs the smallest allowed value: 0, or one millisecond for periods the harness counts in ms */
    long durationNs(long minNs) {
        String expectation = minNs == 0 ? "must be a duration >= 0 (0 for no limit)"
                : "must be a duration of at least " + minNs / 1_000_000 + "ms";
        String text = text(expectation);
        BigDecimal ns = Quantities.parseDurationNs(text);
        if (ns == null) {
            throw error(Quantities.isNumber(text) ? unitMissing(text)
                    : expectation + " such as 5s or 1.5ms (units: " + Quantities.DURATION_UNITS + "), got '" + text
                            + "'");
        }
        Long whole = Quantities.roundToLong(ns);
        if (whole == null && ns.signum() > 0) {
            throw error("must be at most " + Long.MAX_VALUE + "ns (about 292 years), got '" + text + "'");
        }
        if (whole == null || whole < minNs) {
            throw error(expectation + ", got '" + text + "'");
        }
        if (whole == 0 && ns.signum() > 0) {
            // Rounding a tiny positive value to 0 would silently turn it into the special 0.
            throw error("rounds to 0ns, which here means no limit; durations are whole nanoseconds: give at least "
                    + "1ns, or 0, got '" + text + "'");
        }
        return whole;
    }

    /** @return an error pointing at the value: {@code <where the value is>: <path>: <what>} */
    ScenarioException error(String what) {
        return ScenarioException.at(valueOrigin(), path, what);
    }

    /** @return an error pointing at the key, for a key that should not have been written at all */
    ScenarioException keyError(String what) {
        return ScenarioException.at(keyOrigin, path, what);
    }

    /** A bare number where a duration belongs is refused rather than guessed; the message says how to write it. */
    static String unitMissing(String text) {
        return "a duration needs a unit (" + Quantities.DURATION_UNITS + "), got '" + text + "'; write e.g. " + text
                + "ms";
    }
}
