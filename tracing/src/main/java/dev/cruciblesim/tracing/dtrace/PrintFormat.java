package dev.cruciblesim.tracing.dtrace;

import java.util.ArrayList;
import java.util.List;

/**
 * A compiled D printf/printa format string (spec §7, §8): literal text and C-style conversions
 * {@code %[flags][width][.precision][length]conv} with flags {@code - + space # 0}, the D
 * aggregation flag {@code @} (accepted anywhere before the conversion letter), and conversions
 * {@code d i u o x X c s}; {@code %%} is a literal percent. Length modifiers are accepted and
 * ignored because D widens integers to 64 bits on its own. Compile once, reuse on every firing.
 */
public final class PrintFormat {
    private final String text;
    private final List<Object> segments;
    private final int keyConversions;

    private PrintFormat(String text, List<Object> segments) {
        this.text = text;
        this.segments = segments;
        int keys = 0;
        for (Object segment : segments) {
            if (segment instanceof Conversion c && !c.aggregation) {
                keys++;
            }
        }
        this.keyConversions = keys;
    }

    /** @throws IllegalArgumentException naming the bad conversion */
    public static PrintFormat compile(String text) {
        List<Object> segments = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i++);
            if (c != '%') {
                literal.append(c);
                continue;
            }
            if (i < text.length() && text.charAt(i) == '%') {
                literal.append('%');
                i++;
                continue;
            }
            if (literal.length() > 0) {
                segments.add(literal.toString());
                literal.setLength(0);
            }
            int start = i - 1;
            boolean left = false;
            boolean plus = false;
            boolean space = false;
            boolean alternate = false;
            boolean zero = false;
            boolean aggregation = false;
            int width = 0;
            int precision = -1;
            for (; i < text.length(); i++) {
                char f = text.charAt(i);
                if (f == '-') {
                    left = true;
                } else if (f == '+') {
                    plus = true;
                } else if (f == ' ') {
                    space = true;
                } else if (f == '#') {
                    alternate = true;
                } else if (f == '0') {
                    zero = true;
                } else if (f == '@') {
                    aggregation = true;
                } else {
                    break;
                }
            }
            while (i < text.length() && Character.isDigit(text.charAt(i))) {
                width = width * 10 + (text.charAt(i++) - '0');
            }
            if (i < text.length() && text.charAt(i) == '.') {
                i++;
                precision = 0;
                while (i < text.length() && Character.isDigit(text.charAt(i))) {
                    precision = precision * 10 + (text.charAt(i++) - '0');
                }
            }
            while (i < text.length() && "@hlLqjzt".indexOf(text.charAt(i)) >= 0) {
                aggregation |= text.charAt(i++) == '@';
            }
            if (i >= text.length() || "diouxXcsY".indexOf(text.charAt(i)) < 0) {
                throw new IllegalArgumentException("format \"" + text + "\": unsupported conversion '"
                        + text.substring(start, Math.min(i + 1, text.length())) + "'");
            }
            char conversion = text.charAt(i++);
            segments.add(new Conversion(left, plus, space, alternate, zero, aggregation, width, precision,
                    conversion, text.substring(start, i)));
        }
        if (literal.length() > 0) {
            segments.add(literal.toString());
        }
        return new PrintFormat(text, List.copyOf(segments));
    }

    /** @return the format as written */
    public String text() {
        return text;
    }

    int keyConversions() {
        return keyConversions;
    }

    /** @return the format's conversions in order, for a compiler to type-check the arguments against */
    public List<Conversion> conversions() {
        List<Conversion> conversions = new ArrayList<>();
        for (Object segment : segments) {
            if (segment instanceof Conversion c) {
                conversions.add(c);
            }
        }
        return conversions;
    }

    /**
     * printf: formats {@code args} (each a {@link String} or an integral {@link Number}) in order.
     *
     * @throws IllegalArgumentException if the arguments do not fit the conversions, or the format has a {@code %@}
     */
    public void format(StringBuilder out, Object... args) {
        int next = 0;
        for (Object segment : segments) {
            if (segment instanceof String literal) {
                out.append(literal);
                continue;
            }
            Conversion c = (Conversion) segment;
            if (c.aggregation) {
                throw new IllegalArgumentException("format \"" + text + "\": %@ is only valid in printa");
            }
            if (next >= args.length) {
                throw new IllegalArgumentException("format \"" + text + "\" needs more than " + args.length
                        + " arguments");
            }
            c.appendArgument(out, args[next++]);
        }
    }

    /**
     * printa: one record. Plain conversions take the key fields in order; the n-th {@code %@}
     * takes the n-th aggregation's value, and any extra ones repeat the last aggregation.
     */
    void formatRecord(StringBuilder out, AggregationKey key, KeyType[] keyTypes, Aggregation[] aggregations,
            long[][] states, long[] normals) {
        int nextKey = 0;
        int nextValue = 0;
        for (Object segment : segments) {
            if (segment instanceof String literal) {
                out.append(literal);
                continue;
            }
            Conversion c = (Conversion) segment;
            if (c.aggregation) {
                int which = Math.min(nextValue++, aggregations.length - 1);
                aggregations[which].function().appendFormatted(out, c, states[which], normals[which]);
            } else {
                int field = nextKey++;
                c.appendArgument(out, keyTypes[field].isString() ? key.string(field)
                        : (Object) (keyTypes[field] == KeyType.INT32 ? (int) key.number(field) : key.number(field)));
            }
        }
    }

    @Override
    public String toString() {
        return text;
    }

    /** One {@code %...} conversion. */
    public static final class Conversion {
        private final boolean left;
        private final boolean plus;
        private final boolean space;
        private final boolean alternate;
        private final boolean zero;
        final boolean aggregation;
        private final int width;
        private final int precision;
        private final char conversion;
        private final String text;

        Conversion(boolean left, boolean plus, boolean space, boolean alternate, boolean zero, boolean aggregation,
                int width, int precision, char conversion, String text) {
            this.left = left;
            this.plus = plus;
            this.space = space;
            this.alternate = alternate;
            this.zero = zero;
            this.aggregation = aggregation;
            this.width = width;
            this.precision = precision;
            this.conversion = conversion;
            this.text = text;
        }

        /** @return the conversion as written, {@code %-10s} */
        public String text() {
            return text;
        }

        /** @return whether it carries D's {@code @}: it prints an aggregation's value */
        public boolean isAggregation() {
            return aggregation;
        }

        /** @return whether it takes a string ({@code %s}); every other conversion takes an integer */
        public boolean wantsString() {
            return conversion == 's';
        }

        /** @return whether it prints an integer's bits unsigned ({@code u o x X}), at the argument's own width */
        public boolean isUnsigned() {
            return "uoxX".indexOf(conversion) >= 0;
        }

        void appendArgument(StringBuilder out, Object argument) {
            if (argument instanceof String s) {
                if (conversion != 's') {
                    throw new IllegalArgumentException("%" + conversion + " needs an integer, got string \"" + s + '"');
                }
                appendString(out, s);
            } else if (argument instanceof Long || argument instanceof Integer || argument instanceof Short
                    || argument instanceof Byte) {
                if (conversion == 's') {
                    throw new IllegalArgumentException("%s needs a string, got integer " + argument);
                }
                if (conversion == 'Y') {
                    appendWallTime(out, ((Number) argument).longValue());
                    return;
                }
                appendNumber(out, ((Number) argument).longValue(), false);
            } else {
                throw new IllegalArgumentException("cannot format " + argument + " with %" + conversion);
            }
        }

        /**
         * {@code %Y}: nanoseconds since the epoch as D prints {@code walltimestamp}, {@code 2022 Jan  1 00:00:00}
         * (year, month, day padded to two, time). In UTC rather than the local zone dtrace uses, so that a report does
         * not depend on the machine it ran on.
         */
        private void appendWallTime(StringBuilder out, long epochNs) {
            java.time.LocalDateTime time = java.time.LocalDateTime.ofEpochSecond(Math.floorDiv(epochNs, 1_000_000_000L),
                    0, java.time.ZoneOffset.UTC);
            String body = String.format(java.util.Locale.ROOT, "%d %s %2d %02d:%02d:%02d", time.getYear(),
                    time.getMonth().getDisplayName(java.time.format.TextStyle.SHORT, java.util.Locale.ROOT),
                    time.getDayOfMonth(), time.getHour(), time.getMinute(), time.getSecond());
            pad(out, "", body);
        }

        private void appendString(StringBuilder out, String s) {
            String body = precision >= 0 && precision < s.length() ? s.substring(0, precision) : s;
            pad(out, "", body);
        }

        /** @param unsignedDecimal print {@code d}/{@code i} as unsigned (how printa prints a count) */
        void appendNumber(StringBuilder out, long value, boolean unsignedDecimal) {
            String sign = "";
            String prefix = "";
            String digits;
            switch (conversion) {
                case 'd', 'i' -> {
                    if (unsignedDecimal) {
                        digits = Long.toUnsignedString(value);
                    } else {
                        digits = value < 0 ? Long.toUnsignedString(-value) : Long.toString(value);
                        sign = value < 0 ? "-" : plus ? "+" : space ? " " : "";
                    }
                }
                case 'u' -> digits = Long.toUnsignedString(value);
                case 'o' -> {
                    digits = Long.toOctalString(value);
                    prefix = alternate && value != 0 ? "0" : "";
                }
                case 'x' -> {
                    digits = Long.toHexString(value);
                    prefix = alternate && value != 0 ? "0x" : "";
                }
                case 'X' -> {
                    digits = Long.toHexString(value).toUpperCase(java.util.Locale.ROOT);
                    prefix = alternate && value != 0 ? "0X" : "";
                }
                case 'c' -> digits = String.valueOf((char) (value & 0xFF));
                default -> throw new IllegalArgumentException("%" + conversion + " cannot print an integer");
            }
            if (precision >= 0 && conversion != 'c') {
                if (precision == 0 && value == 0) {
                    digits = "";
                }
                StringBuilder padded = new StringBuilder();
                Columns.repeat(padded, '0', precision - digits.length());
                digits = padded.append(digits).toString();
            }
            pad(out, sign + prefix, digits);
        }

        private void pad(StringBuilder out, String head, String body) {
            int fill = width - head.length() - body.length();
            if (left) {
                out.append(head).append(body);
                Columns.spaces(out, fill);
            } else if (zero && precision < 0 && conversion != 's' && conversion != 'c') {
                out.append(head);
                Columns.repeat(out, '0', fill);
                out.append(body);
            } else {
                Columns.spaces(out, fill);
                out.append(head).append(body);
            }
        }
    }
}
