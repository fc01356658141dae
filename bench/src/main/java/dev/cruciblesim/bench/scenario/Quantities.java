package dev.cruciblesim.bench.scenario;

import dev.cruciblesim.bench.workload.gen.BlockSizes;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text forms of a scenario's numbers. Each parser returns null when the text is not of its form, and the caller
 * words the message, because only it knows the key and the allowed range.
 *
 * <ul>
 *   <li>integers: optional sign, decimal digits, {@code _} between digits ({@code 200_000}); never octal or hex;</li>
 *   <li>numbers: an integer or decimal, optionally with an exponent ({@code 0.4}, {@code 1e-3});</li>
 *   <li>durations: a number and a unit, {@code ns}, {@code us} (or {@code µs}), {@code ms} or {@code s}, optionally
 *       with a space between ({@code 1.5ms}, {@code 30 us}); {@code 0} alone; computed exactly, then rounded to
 *       whole nanoseconds where a whole number is needed;</li>
 *   <li>sizes: whole bytes, or whole numbers of {@code k}/{@code K}/{@code KiB} or {@code m}/{@code M}/{@code MiB}
 *       (powers of 1024, as fio's {@code bs}).</li>
 * </ul>
 */
public final class Quantities {
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+(?:_+\\d+)*");
    private static final Pattern NUMBER = Pattern.compile("[+-]?(?:\\d+(?:_+\\d+)*(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?");
    private static final Pattern DURATION = Pattern.compile(
            "([+-]?(?:\\d+(?:_+\\d+)*(?:\\.\\d*)?|\\.\\d+))\\s*(ns|us|µs|ms|s)");
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);
    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);

    /** The units a duration may carry, for messages. */
    static final String DURATION_UNITS = "ns, us, ms, s";

    private Quantities() {
    }

    /** @return the integer, or null if the text is not one or does not fit in a long */
    static Long parseLong(String text) {
        String t = text.strip();
        if (!INTEGER.matcher(t).matches()) {
            return null;
        }
        try {
            return Long.parseLong(t.replace("_", "").replace("+", ""));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** @return the finite number, or null if the text is not a plain number ({@code .inf} and {@code NaN} are not) */
    static Double parseNumber(String text) {
        String t = text.strip();
        if (!NUMBER.matcher(t).matches()) {
            return null;
        }
        double value = Double.parseDouble(t.replace("_", ""));
        return Double.isFinite(value) ? value : null;
    }

    /** @return true if the text is a plain number, which as a duration means the unit was forgotten */
    public static boolean isNumber(String text) {
        return parseNumber(text) != null;
    }

    /** @return the duration in nanoseconds, exactly (possibly fractional or negative), or null if not a duration */
    static BigDecimal parseDurationNs(String text) {
        String t = text.strip();
        if (t.equals("0") || t.equals("+0") || t.equals("-0")) {
            return BigDecimal.ZERO;
        }
        Matcher m = DURATION.matcher(t);
        if (!m.matches()) {
            return null;
        }
        BigDecimal value = new BigDecimal(m.group(1).replace("_", "").replace("+", ""));
        long unitNs = switch (m.group(2)) {
            case "ns" -> 1L;
            case "us", "µs" -> 1_000L;
            case "ms" -> 1_000_000L;
            default -> 1_000_000_000L;
        };
        return value.multiply(BigDecimal.valueOf(unitNs));
    }

    /** @return the value rounded half-up to a long, or null if it does not fit */
    static Long roundToLong(BigDecimal value) {
        BigDecimal rounded = value.setScale(0, RoundingMode.HALF_UP);
        if (rounded.compareTo(LONG_MAX) > 0 || rounded.compareTo(LONG_MIN) < 0) {
            return null;
        }
        return rounded.longValueExact();
    }

    /** @return the size in bytes, or null if the text is not a size or the size exceeds a long */
    static Long parseSizeBytes(String text) {
        BigInteger bytes = BlockSizes.parseSize(text);
        if (bytes == null) {
            return null;
        }
        return bytes.bitLength() < 64 ? bytes.longValue() : null;
    }

    /** @return the size as people write it: {@code 4096 bytes (4 KiB)} */
    static String showBytes(long bytes) {
        if (bytes >= (1 << 20) && bytes % (1 << 20) == 0) {
            return bytes + " bytes (" + (bytes >> 20) + " MiB)";
        }
        if (bytes >= 1024 && bytes % 1024 == 0) {
            return bytes + " bytes (" + (bytes >> 10) + " KiB)";
        }
        return bytes + " bytes";
    }

    /** @return a duration as people read it, in the unit that suits it: 850ns, 12.3us, 4.56ms, 1.20s */
    public static String showNs(long ns) {
        if (ns < 1_000) {
            return ns + "ns";
        }
        if (ns < 1_000_000) {
            return String.format(Locale.ROOT, "%.1fus", ns / 1e3);
        }
        if (ns < 1_000_000_000) {
            return String.format(Locale.ROOT, "%.2fms", ns / 1e6);
        }
        return String.format(Locale.ROOT, "%.2fs", ns / 1e9);
    }
}
