package dev.cruciblesim.bench.workload.trace;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A trace that cannot be replayed as written. The message is one line, {@code <file>:<line>: <reason>}, or
 * {@code <file>: <reason>} when the problem belongs to no single line, so a CLI can print it unchanged.
 */
public final class TraceFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final int line;
    private final String reason;

    /**
     * @param line the 1-based line the problem is on, or 0 when it belongs to the whole file
     */
    public TraceFormatException(Path file, int line, String reason) {
        super(format(file, line, reason));
        if (line < 0) {
            throw new IllegalArgumentException("line must be >= 0 (0 for none), got " + line);
        }
        this.file = file;
        this.line = line;
        this.reason = oneLine(reason);
    }

    public TraceFormatException(Path file, String reason) {
        this(file, 0, reason);
    }

    /** The trace file the problem is in. */
    public Path file() {
        return file;
    }

    /** The 1-based line, or 0 when the problem belongs to the whole file. */
    public int line() {
        return line;
    }

    /** The message without the {@code <file>:<line>: } prefix. */
    public String reason() {
        return reason;
    }

    private static String format(Path file, int line, String reason) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(reason, "reason");
        return line > 0 ? file + ":" + line + ": " + oneLine(reason) : file + ": " + oneLine(reason);
    }

    /** Callers quote text from the trace and from Jackson; a stray line break would split the one-line contract. */
    private static String oneLine(String text) {
        return text.replaceAll("[\\r\\n]+", " ");
    }
}
