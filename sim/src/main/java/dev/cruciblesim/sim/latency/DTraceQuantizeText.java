package dev.cruciblesim.sim.latency;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the quantize() histograms out of what {@code dtrace -s} printed (dtrace-format.md §2–§3):
 * an optional key line, the header, one row per bucket, a blank line. Everything between records
 * ({@code dtrace: script ... matched N probes}, {@code ^C}, prose) is skipped, but inside a record
 * every line must be a well-formed row: a damaged row would silently change the distribution.
 * Trailing spaces are optional, because transcripts pasted into READMEs lose them.
 */
final class DTraceQuantizeText {
    private static final Pattern HEADER = Pattern.compile("^\\s*value\\s+-+ Distribution -+\\s+count\\s*$");
    /** Label, bar area with '|' (positive, negative or mixed-sign layout, §3.5), count. */
    private static final Pattern ROW = Pattern.compile("^ *(-?\\d+) ([ @]*)\\|([ @]*) (-?\\d+) *$");
    private static final Pattern CUT_SHORT_ROW = Pattern.compile("^ *-?\\d+ [ @]*\\|[ @]*$");
    private static final Pattern WHITESPACE_RUN = Pattern.compile("\\s+");
    private static final int BAR_COLUMNS = 40;

    /** One histogram; key is null for a keyless aggregation. Only non-empty buckets are kept. */
    record QuantizeRecord(String key, int headerLine, List<long[]> bucketLowerNsAndCount) {
        long totalCount() {
            long total = 0;
            for (long[] bucket : bucketLowerNsAndCount) {
                total += bucket[1];
            }
            return total;
        }

        String displayName() {
            return key == null ? "(no key)" : "'" + key + "'";
        }
    }

    private DTraceQuantizeText() {
    }

    /** Key lines and key selectors are compared with whitespace runs collapsed, ends trimmed. */
    static String normalizeKey(String key) {
        return WHITESPACE_RUN.matcher(key.strip()).replaceAll(" ");
    }

    static List<QuantizeRecord> parse(String text, String sourceName) {
        List<QuantizeRecord> histograms = new ArrayList<>();
        String[] lines = text.lines().toArray(String[]::new);
        String candidateKey = null;
        int i = 0;
        while (i < lines.length) {
            String line = lines[i];
            if (HEADER.matcher(line).matches()) {
                int headerLine = i + 1;
                List<long[]> buckets = new ArrayList<>();
                i++;
                long previousLabel = Long.MIN_VALUE;
                long total = 0;
                while (i < lines.length && !lines[i].isBlank()) {
                    long[] bucket = parseRow(lines[i], i + 1, previousLabel, sourceName);
                    previousLabel = bucket[0];
                    if (bucket[1] > 0) {
                        total = addCount(total, bucket[1], i + 1, sourceName);
                        buckets.add(bucket);
                    }
                    i++;
                }
                String key = candidateKey == null ? null : normalizeKey(candidateKey);
                histograms.add(new QuantizeRecord(key, headerLine, List.copyOf(buckets)));
                candidateKey = null;
                continue;
            }
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("dtrace:") || trimmed.equals("^C")) {
                candidateKey = null;
            } else {
                // A key line is the line just before the header (§2.4); any other line is skipped.
                candidateKey = line;
            }
            i++;
        }
        return histograms;
    }

    /** @return {lowerNs, count} */
    private static long[] parseRow(String row, int lineNumber, long previousLabel, String sourceName) {
        Matcher m = ROW.matcher(row);
        if (!m.matches()) {
            String why = CUT_SHORT_ROW.matcher(row).matches()
                    ? "has no count (DTrace always prints one; was the line cut short?)"
                    : "is not a label, '|', a 40-column bar and a count";
            throw rowError(sourceName, lineNumber, row, why);
        }
        if (m.group(2).length() + m.group(3).length() != BAR_COLUMNS) {
            throw rowError(sourceName, lineNumber, row, "is not a label, '|', a 40-column bar and a count");
        }
        long label;
        long count;
        try {
            label = Long.parseLong(m.group(1));
            count = Long.parseLong(m.group(4));
        } catch (NumberFormatException e) {
            throw rowError(sourceName, lineNumber, row, "has a number beyond 64 bits");
        }
        boolean bucketLabel = label == 0
                || (label > 0 && Long.bitCount(label) == 1)
                || (label < 0 && label != Long.MIN_VALUE && Long.bitCount(-label) == 1);
        if (!bucketLabel) {
            throw rowError(sourceName, lineNumber, row, "has label " + label
                    + ", which is not a quantize bucket (0 or a power of two)");
        }
        if (label <= previousLabel) {
            throw rowError(sourceName, lineNumber, row, "is out of order: bucket " + label
                    + " after bucket " + previousLabel);
        }
        if (count < 0) {
            throw rowError(sourceName, lineNumber, row, "has a negative count; a latency histogram counts events");
        }
        if (count > 0 && label < 0) {
            throw rowError(sourceName, lineNumber, row, "counts values in negative bucket " + label
                    + ", but latencies cannot be negative");
        }
        if (count > 0 && label > LatencyModels.MAX_DELAY_NS - (label - 1)) {
            throw rowError(sourceName, lineNumber, row, "has bucket " + label + " ns, whose values exceed the "
                    + "longest delay modelled (" + LatencyModels.MAX_DELAY_NS + " ns)");
        }
        return new long[] {label, count};
    }

    private static long addCount(long total, long count, int lineNumber, String sourceName) {
        try {
            return Math.addExact(total, count);
        } catch (ArithmeticException e) {
            throw new LatencyModelException(sourceName + ":" + lineNumber + ": counts add up to more than "
                    + Long.MAX_VALUE);
        }
    }

    private static LatencyModelException rowError(String sourceName, int lineNumber, String row, String why) {
        return new LatencyModelException(sourceName + ":" + lineNumber + ": quantize row '" + row + "' " + why);
    }
}
