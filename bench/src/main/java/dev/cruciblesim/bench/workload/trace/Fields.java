package dev.cruciblesim.bench.workload.trace;

/** Checks for the text of one field, shared by the parsers so that every format words its complaints alike. */
final class Fields {
    static final long NS_PER_US = 1_000L;
    static final long NS_PER_MS = 1_000_000L;

    /** Long enough to recognise a line, short enough to keep the message on one screen line. */
    private static final int QUOTE_MAX_CHARS = 100;

    private Fields() {
    }

    /**
     * A non-negative decimal integer of ASCII digits only: fio writes nothing else, and a sign, a blank or a
     * {@code 0x} would more likely be a corrupted file than an intention.
     *
     * @param what the field's name for the message, e.g. {@code offset}
     * @param max the largest value the caller can hold
     */
    static long nonNegativeInteger(LineSource at, String what, String text, long max) throws TraceFormatException {
        return nonNegativeInteger(at, what, text, max, "");
    }

    /** @param unit appended to the limit in the message, e.g. {@code " µs"} */
    private static long nonNegativeInteger(LineSource at, String what, String text, long max, String unit)
            throws TraceFormatException {
        if (text.isEmpty()) {
            throw at.error(what + " is empty");
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                if (c == '-' && i == 0 && text.length() > 1 && allDigits(text, 1)) {
                    throw at.error(what + " " + quote(text) + " is negative");
                }
                throw at.error(what + " " + quote(text) + " is not a non-negative integer");
            }
            int digit = c - '0';
            if (value > (max - digit) / 10) {
                throw at.error(what + " " + quote(text) + " is too large (at most " + max + unit + ")");
            }
            value = value * 10 + digit;
        }
        return value;
    }

    /** A length in bytes: fio reads it as {@code unsigned int}, we hold it as an {@code int}. */
    static int lengthBytes(LineSource at, String what, String text) throws TraceFormatException {
        return (int) nonNegativeInteger(at, what, text, Integer.MAX_VALUE);
    }

    /** A whole number of µs as nanoseconds; the limit keeps the nanoseconds inside a {@code long}. */
    static long wholeMicrosToNanos(LineSource at, String what, String text) throws TraceFormatException {
        return nonNegativeInteger(at, what, text, Long.MAX_VALUE / NS_PER_US, " µs") * NS_PER_US;
    }

    /**
     * A non-negative decimal number of µs ({@code 12}, {@code 12.5}, {@code .5}, {@code 12.}) as nanoseconds,
     * rounded half-up. Done on the digits, not through {@code double}, so {@code 0.0005} is exactly half a
     * nanosecond and rounds up.
     */
    static long decimalMicrosToNanos(LineSource at, String what, String text) throws TraceFormatException {
        int dot = text.indexOf('.');
        String whole = dot < 0 ? text : text.substring(0, dot);
        String fraction = dot < 0 ? "" : text.substring(dot + 1);
        boolean wellFormed = (!whole.isEmpty() || !fraction.isEmpty())
                && allDigits(whole, 0) && allDigits(fraction, 0);
        if (!wellFormed) {
            if (text.isEmpty()) {
                throw at.error(what + " is empty");
            }
            if (text.startsWith("-")) {
                throw at.error(what + " " + quote(text) + " is negative");
            }
            throw at.error(what + " " + quote(text) + " is not a non-negative number of µs");
        }
        long maxWholeMicros = Long.MAX_VALUE / NS_PER_US;
        long micros = 0;
        for (int i = 0; i < whole.length(); i++) {
            int digit = whole.charAt(i) - '0';
            if (micros > (maxWholeMicros - digit) / 10) {
                throw tooLargeMicros(at, what, text, maxWholeMicros);
            }
            micros = micros * 10 + digit;
        }
        long nanos = 0;
        for (int i = 0; i < 3; i++) {
            nanos = nanos * 10 + (i < fraction.length() ? fraction.charAt(i) - '0' : 0);
        }
        if (fraction.length() > 3 && fraction.charAt(3) >= '5') {
            nanos++;
        }
        // micros * 1000 fits by the bound above; adding up to 1000 ns can still pass Long.MAX_VALUE, which wraps negative.
        long total = micros * NS_PER_US + nanos;
        if (total < 0) {
            throw tooLargeMicros(at, what, text, maxWholeMicros);
        }
        return total;
    }

    private static TraceFormatException tooLargeMicros(LineSource at, String what, String text, long maxWholeMicros) {
        return at.error(what + " " + quote(text) + " is too large (at most " + maxWholeMicros + " µs)");
    }

    /**
     * The ops our CSV and JSONL accept, lower-case as written by people and scripts; {@code sync} and
     * {@code datasync} are there so fio's vocabulary works too.
     */
    static TraceOp recordOp(LineSource at, String what, String text) throws TraceFormatException {
        return switch (text) {
            case "read" -> TraceOp.READ;
            case "write" -> TraceOp.WRITE;
            case "flush", "sync", "datasync" -> TraceOp.FLUSH;
            case "trim" -> TraceOp.TRIM;
            default -> throw at.error(what + " " + quote(text)
                    + " is not one of read, write, flush, sync, datasync, trim");
        };
    }

    /** Trace text in a message: quoted, and cut short so a corrupt multi-megabyte line stays readable. */
    static String quote(String text) {
        String shown = text.length() > QUOTE_MAX_CHARS ? text.substring(0, QUOTE_MAX_CHARS) + "..." : text;
        return "'" + shown + "'";
    }

    private static boolean allDigits(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
