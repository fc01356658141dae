package dev.cruciblesim.tracing.d;

import dev.cruciblesim.tracing.probe.ProbeDescription;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One probe description of a clause, classified: component probes matched in the registry, or
 * one of dtrace's own probes ({@code BEGIN}, {@code END}, {@code ERROR}), or a timer of the
 * profile provider ({@code tick-N}, {@code profile-N} with units ns, us, ms, s, m, h, d or hz,
 * hz when none is given, as in D).
 *
 * @param intervalNs for timers, the firing interval; 0 otherwise
 */
record ClauseTarget(String text, Kind kind, ProbeDescription description, long intervalNs) {
    enum Kind { PROBES, BEGIN, END, ERROR, TICK, PROFILE }

    private static final Pattern TIMER = Pattern.compile("(tick|profile)-([0-9]+)([a-z]*)");

    static ClauseTarget parse(String text, CompileContext context, int line) {
        ProbeDescription description;
        try {
            description = ProbeDescription.parse(text);
        } catch (IllegalArgumentException e) {
            throw context.error(line, "invalid probe description \"" + text + "\": " + e.getMessage());
        }
        boolean bare = description.module().isEmpty() && description.function().isEmpty();
        String provider = description.provider();
        String name = description.name();
        if (bare && (provider.isEmpty() || provider.equals("dtrace"))) {
            switch (name) {
                case "BEGIN":
                    return new ClauseTarget(text, Kind.BEGIN, description, 0);
                case "END":
                    return new ClauseTarget(text, Kind.END, description, 0);
                case "ERROR":
                    return new ClauseTarget(text, Kind.ERROR, description, 0);
                default:
                    break;
            }
        }
        Matcher timer = TIMER.matcher(name);
        if (bare && (provider.isEmpty() || provider.equals("profile")) && timer.matches()) {
            long count = Long.parseLong(timer.group(2));
            long intervalNs = intervalNs(count, timer.group(3));
            if (count == 0 || intervalNs <= 0) {
                throw context.error(line, "invalid probe description \"" + text + "\": the interval must be positive");
            }
            return new ClauseTarget(text, timer.group(1).equals("tick") ? Kind.TICK : Kind.PROFILE, description,
                    intervalNs);
        }
        return new ClauseTarget(text, Kind.PROBES, description, 0);
    }

    /** @return the interval, or -1 for an unknown unit */
    private static long intervalNs(long count, String unit) {
        return switch (unit) {
            case "ns", "nsec" -> count;
            case "us", "usec" -> count * 1_000L;
            case "ms", "msec" -> count * 1_000_000L;
            case "s", "sec" -> count * 1_000_000_000L;
            case "m", "min" -> count * 60_000_000_000L;
            case "h", "hour" -> count * 3_600_000_000_000L;
            case "d", "day" -> count * 86_400_000_000_000L;
            case "", "hz" -> count == 0 ? -1 : 1_000_000_000L / count;
            default -> -1;
        };
    }

    /** @return whether this is one of dtrace's own or the profile provider's probes, which count as one match */
    boolean isBuiltinProbe() {
        return kind != Kind.PROBES;
    }

    /** The name {@code probename} gives in a firing of a builtin probe. */
    String probeName() {
        return description.name();
    }
}
