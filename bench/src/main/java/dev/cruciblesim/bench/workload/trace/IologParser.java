package dev.cruciblesim.bench.workload.trace;

import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.cruciblesim.bench.workload.trace.Fields.quote;

/**
 * Reads fio iologs, versions 2 and 3, following fio's own reader ({@code iolog.c}, {@code read_iolog} and
 * {@code init_iolog_read} in fio 3.33) where it is defined and failing where fio would only log and skip a line:
 * a replay that quietly drops IO measures a different workload. That includes a line starting with {@code #}: the
 * format has no comments, and fio 3.33 logs {@code bad iolog3: # ...} (v2: {@code bad iolog file action}) for one.
 * Blank lines are the exception, skipped as fio skips them. An IO line needs its file added and open, with no
 * {@code close} since the last {@code open}: fio 3.33 aborts the job on any other (an assertion in its
 * {@code get_file}), so such a log cannot be a recording of what happened. A log holds one file: fio replays each
 * file it adds onto that file, and a replay here has one volume, where a second file's offsets would land on the
 * first's. A second {@code add} of the same name is the same file.
 *
 * <p>Version 3 lines are {@code timestamp file action [offset length]} with the timestamp in µs since the job
 * started (fio writes {@code utime_since_now(&io_log_start_time)} in {@code log_io_u}). fio replays the gaps between
 * consecutive timestamps, so its replay begins at the first line; we keep the recorded times, which differ only by
 * that constant lead. Where a timestamp goes back, fio's {@code delay_since_ttime} waits 0 and measures the next
 * gap from the lower stamp, delaying every later IO by the step; we raise just that record to its predecessor's
 * time and count it, keeping later records at their recorded times.
 *
 * <p>Version 2 lines are {@code file action [offset length]} and carry no time. fio replays them back to back,
 * paced only by {@code wait} lines. What a wait means was checked in fio's source and by running fio 3.33 here:
 * {@code read_iolog} stores the wait's offset field as {@code ipo->delay}, and {@code read_iolog_get} then does
 * {@code elapsed = mtime_since_genesis(); if (ipo->delay > elapsed) usec_sleep(td, (ipo->delay - elapsed) * 1000);}.
 * So a wait is a deadline in <em>milliseconds since fio started</em>, not the µs relative to the previous wait that
 * the HOWTO describes: a wait whose deadline has passed does nothing. (fio 3.33 replaying reads separated by
 * {@code wait 1000 0} and {@code wait 2000 0} took 2.2 s in all, and by two {@code wait 3000 0} lines 3.2 s.) Taking
 * fio's start as the trace's start, each wait here moves the timeline to {@code max(timeline, wait ms)}, and an IO
 * line is placed at the timeline.
 */
final class IologParser {
    private static final Pattern ANY_VERSION_HEADER = Pattern.compile("fio version (\\S+) iolog");

    /** The most fields a valid line has, plus one so that a line with too many is recognised as such. */
    private static final int MAX_FIELDS = 6;

    private IologParser() {
    }

    private enum Action {
        ADD("add", null),
        OPEN("open", null),
        CLOSE("close", null),
        WAIT("wait", null),
        READ("read", TraceOp.READ),
        WRITE("write", TraceOp.WRITE),
        SYNC("sync", TraceOp.FLUSH),
        DATASYNC("datasync", TraceOp.FLUSH),
        TRIM("trim", TraceOp.TRIM);

        final String word;
        final TraceOp op;

        Action(String word, TraceOp op) {
            this.word = word;
            this.op = op;
        }

        /** fio compares with {@code strcmp}, so the match is case-sensitive. */
        static Action of(String word) {
            for (Action action : values()) {
                if (action.word.equals(word)) {
                    return action;
                }
            }
            return null;
        }

        boolean takesRange() {
            return this != ADD && this != OPEN && this != CLOSE;
        }
    }

    /** Whether the first line claims to be an iolog of some version, so the parser can name an unsupported one. */
    static boolean claimsToBeIolog(String firstLine) {
        return firstLine.startsWith("fio version ");
    }

    static Trace parse(LineSource in) throws IOException, TraceFormatException {
        String header = in.next();
        if (header == null) {
            throw in.error(1, "empty file; an iolog starts with '" + TraceFormat.IOLOG_V3_HEADER + "' or '"
                    + TraceFormat.IOLOG_V2_HEADER + "'");
        }
        int version = version(in, TraceFormat.stripTrailingBlanks(header));
        int actionField = version == 3 ? 2 : 1;
        // The one file the log replays: its name, the line that added it, and whether and where it was closed.
        String addedFile = null;
        int addedOnLine = 0;
        boolean open = false;
        int closedOnLine = 0;
        TraceBuilder records = new TraceBuilder(in);
        String[] fields = new String[MAX_FIELDS];
        long timelineNs = 0;
        String text;
        while ((text = in.next()) != null) {
            int count = split(text, fields);
            if (count == 0) {
                // fio's sscanf matches nothing on a blank line and fio skips it (after a log message); so do we.
                continue;
            }
            String shown = text.strip();
            if (shown.startsWith("#")) {
                throw in.error("an iolog has no comment lines (fio logs this one as bad and skips it); remove it: "
                        + quote(shown));
            }
            if (shown.equals(TraceFormat.IOLOG_V2_HEADER) || shown.equals(TraceFormat.IOLOG_V3_HEADER)) {
                throw in.error("a second iolog header; fio's write_iolog appends to an existing file, so this "
                        + "log holds more than one run (record into a fresh file)");
            }
            long stampNs = version == 3 ? Fields.wholeMicrosToNanos(in, "timestamp", fields[0]) : timelineNs;
            if (count <= actionField) {
                throw in.error("expected '" + (version == 3 ? "timestamp " : "") + "file action [offset length]', got "
                        + quote(shown));
            }
            Action action = Action.of(fields[actionField]);
            if (action == null) {
                throw in.error("unknown action " + quote(fields[actionField]) + " in " + quote(shown)
                        + "; expected one of add, open, close, " + (version == 2 ? "wait, " : "")
                        + "read, write, sync, datasync, trim");
            }
            if (action == Action.WAIT && version == 3) {
                throw in.error("'wait' is not allowed in a version 3 iolog (its timestamps set the pace): "
                        + quote(shown));
            }
            int expected = actionField + (action.takesRange() ? 3 : 1);
            if (count != expected) {
                throw in.error(action.word + " takes '" + pattern(version, action.word, action.takesRange())
                        + "', got " + (count == MAX_FIELDS ? "at least " + MAX_FIELDS : String.valueOf(count))
                        + " fields in " + quote(shown));
            }
            String fileName = fields[actionField - 1];
            if (action == Action.ADD && addedFile != null && !addedFile.equals(fileName)) {
                throw in.error("a second file " + quote(fileName) + " (line " + addedOnLine + " added "
                        + quote(addedFile) + "); a replay drives one volume, where the files' offsets would fall on "
                        + "each other: keep one file's lines");
            }
            if (action != Action.ADD && action != Action.WAIT && !fileName.equals(addedFile)) {
                throw in.error(action.word + " of file " + quote(fileName) + " before an 'add' line for it");
            }
            switch (action) {
                case ADD -> {
                    if (addedFile == null) {
                        addedFile = fileName;
                        addedOnLine = in.lineNumber();
                    }
                }
                case WAIT -> {
                    long deadlineMs = Fields.nonNegativeInteger(in, "wait time (ms)", fields[2],
                            Long.MAX_VALUE / Fields.NS_PER_MS);
                    // fio reads and ignores the length of a wait; it still has to be a number for fio to accept it.
                    Fields.lengthBytes(in, "length", fields[3]);
                    timelineNs = Math.max(timelineNs, deadlineMs * Fields.NS_PER_MS);
                }
                case OPEN -> open = true;
                case CLOSE -> {
                    open = false;
                    closedOnLine = in.lineNumber();
                }
                default -> {
                    if (!open) {
                        throw in.error(action.word + " of file " + quote(fileName) + (closedOnLine == 0
                                ? " before an 'open' line for it" : " after its 'close' on line " + closedOnLine)
                                + "; fio aborts on IO to a file that is not open");
                    }
                    long offsetBytes = Fields.nonNegativeInteger(in, "offset", fields[actionField + 1],
                            Long.MAX_VALUE);
                    int lengthBytes = Fields.lengthBytes(in, "length", fields[actionField + 2]);
                    // fio logs a sync with the offset of the last IO and length 0; a flush has no range.
                    if (action.op == TraceOp.FLUSH) {
                        records.add(stampNs, TraceOp.FLUSH, 0, 0);
                    } else {
                        records.add(stampNs, action.op, offsetBytes, lengthBytes);
                    }
                }
            }
        }
        return records.build(version == 3 ? "fio iolog v3" : "fio iolog v2",
                addedFile == null ? List.of() : List.of(addedFile));
    }

    private static int version(LineSource in, String header) throws TraceFormatException {
        if (header.equals(TraceFormat.IOLOG_V3_HEADER)) {
            return 3;
        }
        if (header.equals(TraceFormat.IOLOG_V2_HEADER)) {
            return 2;
        }
        Matcher m = ANY_VERSION_HEADER.matcher(header);
        if (m.matches()) {
            String v = m.group(1);
            String why = v.equals("1") ? " (fio dropped version 1 in 1.20)" : "";
            throw in.error("unsupported iolog version " + quote(v) + why + "; supported are 2 and 3");
        }
        throw in.error("not a fio iolog: the first line is " + quote(header) + ", expected '"
                + TraceFormat.IOLOG_V3_HEADER + "' or '" + TraceFormat.IOLOG_V2_HEADER + "'");
    }

    private static String pattern(int version, String action, boolean withRange) {
        return (version == 3 ? "timestamp " : "") + "file " + action + (withRange ? " offset length" : "");
    }

    /**
     * Splits on runs of spaces and tabs, as fio's {@code %s} conversions do for the files it writes.
     *
     * @return the number of fields, at most {@code fields.length}: a line with more is reported as having at least
     *     that many, and splitting further would only cost time
     */
    static int split(String text, String[] fields) {
        int count = 0;
        int i = 0;
        int n = text.length();
        while (i < n && count < fields.length) {
            while (i < n && isBlank(text.charAt(i))) {
                i++;
            }
            if (i == n) {
                break;
            }
            int start = i;
            while (i < n && !isBlank(text.charAt(i))) {
                i++;
            }
            fields[count++] = text.substring(start, i);
        }
        return count;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }
}
