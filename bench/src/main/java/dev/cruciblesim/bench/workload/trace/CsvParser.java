package dev.cruciblesim.bench.workload.trace;

import java.io.IOException;
import java.util.List;

import static dev.cruciblesim.bench.workload.trace.Fields.quote;

/**
 * Reads our CSV: blank lines and lines starting with {@code #} anywhere, the header
 * {@code time_us,op,offset_bytes,length_bytes} as the first other line, then one record a line with those four
 * fields; fields may be padded with spaces.
 *
 * <p>The header is required: it is how {@link TraceFormat#detect} tells a CSV from its content, and four bare
 * numbers in the wrong column order would otherwise replay as a different workload without a word.
 */
final class CsvParser {
    static final String HEADER = "time_us,op,offset_bytes,length_bytes";
    private static final String[] COLUMNS = HEADER.split(",");

    private CsvParser() {
    }

    static Trace parse(LineSource in) throws IOException, TraceFormatException {
        TraceBuilder records = new TraceBuilder(in);
        boolean headerSeen = false;
        String text;
        while ((text = in.next()) != null) {
            String line = text.strip();
            if (isSkipped(line)) {
                continue;
            }
            String[] fields = fields(line);
            if (!headerSeen) {
                if (!isHeader(fields)) {
                    throw in.error("a CSV trace starts with the header " + quote(HEADER) + ", got " + quote(line));
                }
                headerSeen = true;
                continue;
            }
            if (isHeader(fields)) {
                throw in.error("a second header " + quote(HEADER) + "; it may only come before the records "
                        + "(were two traces joined?)");
            }
            if (fields.length != COLUMNS.length) {
                throw in.error("expected " + COLUMNS.length + " comma-separated fields " + HEADER + ", got "
                        + fields.length + " in " + quote(line));
            }
            long timeNs = Fields.decimalMicrosToNanos(in, "time_us", fields[0]);
            TraceOp op = Fields.recordOp(in, "op", fields[1]);
            if (op == TraceOp.FLUSH) {
                flushField(in, fields[1], "offset_bytes", fields[2]);
                flushField(in, fields[1], "length_bytes", fields[3]);
                records.add(timeNs, op, 0, 0);
            } else {
                long offsetBytes = rangeField(in, fields[1], "offset_bytes", fields[2], Long.MAX_VALUE);
                int lengthBytes = (int) rangeField(in, fields[1], "length_bytes", fields[3], Integer.MAX_VALUE);
                records.add(timeNs, op, offsetBytes, lengthBytes);
            }
        }
        return records.build("csv", List.of());
    }

    /** @param line a line without its surrounding blanks */
    static boolean isSkipped(String line) {
        return line.isEmpty() || line.startsWith("#");
    }

    /** @param line a line without its surrounding blanks, neither empty nor a comment */
    static boolean isHeader(String line) {
        return isHeader(fields(line));
    }

    private static String[] fields(String line) {
        String[] fields = line.split(",", -1);
        for (int i = 0; i < fields.length; i++) {
            fields[i] = fields[i].strip();
        }
        return fields;
    }

    private static boolean isHeader(String[] fields) {
        if (fields.length != COLUMNS.length) {
            return false;
        }
        for (int i = 0; i < COLUMNS.length; i++) {
            if (!fields[i].equals(COLUMNS[i])) {
                return false;
            }
        }
        return true;
    }

    private static long rangeField(LineSource in, String opText, String name, String text, long max)
            throws TraceFormatException {
        if (text.isEmpty()) {
            throw in.error(name + " is empty; a " + opText + " needs one");
        }
        return Fields.nonNegativeInteger(in, name, text, max);
    }

    /** A flush has no range; a number there would be silently dropped, so anything but nothing or 0 is refused. */
    private static void flushField(LineSource in, String opText, String name, String text)
            throws TraceFormatException {
        if (!text.isEmpty() && !isZero(text)) {
            throw in.error("a " + opText + " takes no range: " + name + " must be empty or 0, got " + quote(text));
        }
    }

    private static boolean isZero(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }
}
