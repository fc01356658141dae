package dev.cruciblesim.bench.workload.gen;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/** The number forms this package reads and writes, shared so that every option parses and prints them alike. */
final class Text {
    /** A plain decimal number: no hex, no {@code NaN} or {@code Infinity}, which {@link Double#parseDouble} would take. */
    private static final Pattern NUMBER = Pattern.compile("[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?");
    private static final long KIB = 1L << 10;
    private static final long MIB = 1L << 20;

    private Text() {
    }

    /** @return the number, or null when the text is not a plain finite decimal */
    static Double parseNumber(String text) {
        String t = text.strip();
        if (!NUMBER.matcher(t).matches()) {
            return null;
        }
        double value = Double.parseDouble(t);
        return Double.isFinite(value) ? value : null;
    }

    /** @return the shortest plain decimal that reads back as {@code value}: {@code 1.2}, {@code 10}, {@code 0.00001} */
    static String plain(double value) {
        if (value == 0) {
            return "0";
        }
        return new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
    }

    /** @return {@link #plain} for a finite value, else Java's text for it ({@code NaN}, {@code Infinity}) */
    static String plainOrRaw(double value) {
        return Double.isFinite(value) ? plain(value) : Double.toString(value);
    }

    /** @return bytes as fio's {@code bs} writes them: {@code 64m}, {@code 4k}, or plain bytes when not whole KiB */
    static String size(long bytes) {
        if (bytes != 0 && bytes % MIB == 0) {
            return (bytes / MIB) + "m";
        }
        if (bytes != 0 && bytes % KIB == 0) {
            return (bytes / KIB) + "k";
        }
        return Long.toString(bytes);
    }

    /** @return {@code a + b} for {@code b >= 0}, or {@link Long#MAX_VALUE} where the sum would overflow */
    static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < a ? Long.MAX_VALUE : sum;
    }
}
