package dev.cruciblesim.bench.workload.trace;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Reads a whole trace into memory and validates every line before returning, so a replay never starts on a file
 * that fails half-way through.
 */
public final class TraceReader {
    private TraceReader() {
    }

    /**
     * @param format the file's format, or null to {@link TraceFormat#detect detect} it
     * @throws TraceFormatException with a one-line {@code file:line: reason} message when the trace is malformed,
     *     holds no IO, or its format cannot be told
     * @throws IOException when the file cannot be read
     */
    public static Trace read(Path file, TraceFormat format) throws IOException, TraceFormatException {
        Objects.requireNonNull(file, "file");
        TraceFormat chosen = format != null ? format : detectOrExplain(file);
        try (LineSource in = new LineSource(file)) {
            return switch (chosen) {
                case IOLOG -> IologParser.parse(in);
                case CSV -> CsvParser.parse(in);
                case JSONL -> JsonlParser.parse(in);
            };
        }
    }

    /** Same as {@code read(file, null)}. */
    public static Trace read(Path file) throws IOException, TraceFormatException {
        return read(file, null);
    }

    private static TraceFormat detectOrExplain(Path file) throws IOException, TraceFormatException {
        TraceFormat detected = TraceFormat.detect(file);
        if (detected != null) {
            return detected;
        }
        // "fio version 1 iolog" or "version 4" is an iolog we cannot read; the iolog parser says which and why.
        if (IologParser.claimsToBeIolog(TraceFormat.firstLinePeek(file))) {
            return TraceFormat.IOLOG;
        }
        throw new TraceFormatException(file, "cannot tell the trace format: the first line is not '"
                + TraceFormat.IOLOG_V3_HEADER + "' or '" + TraceFormat.IOLOG_V2_HEADER + "', no CSV header '"
                + CsvParser.HEADER + "' comes first, and the name does not end in .csv, .jsonl or .ndjson; name the "
                + "format with iolog_format (--replay-format): iolog, csv or jsonl");
    }
}
