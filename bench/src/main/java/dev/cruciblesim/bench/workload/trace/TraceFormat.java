package dev.cruciblesim.bench.workload.trace;

import dev.cruciblesim.sim.io.InputFiles;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/** Which text format a trace file is in. */
public enum TraceFormat {
    /** fio's {@code read_iolog}/{@code write_iolog} format, version 2 or 3. */
    IOLOG,
    /** {@code time_us,op,offset_bytes,length_bytes}, one record a line. */
    CSV,
    /** One JSON object a line with the keys {@code time_us}, {@code op}, {@code offset_bytes}, {@code length_bytes}. */
    JSONL;

    static final String IOLOG_V2_HEADER = "fio version 2 iolog";
    static final String IOLOG_V3_HEADER = "fio version 3 iolog";

    /** Enough of the file for either header plus a line end; reading more would cost time on a large binary file. */
    private static final int HEADER_PEEK_BYTES = 64;

    /**
     * Tells the format from the content first and the name second.
     *
     * @return {@link #IOLOG} when the first line is {@code fio version 2 iolog} or {@code fio version 3 iolog}
     *     (trailing spaces, tabs and a CR allowed), else {@link #CSV} for a name ending in {@code .csv}, {@link #JSONL}
     *     for {@code .jsonl} or {@code .ndjson} (case-insensitive), else null
     */
    public static TraceFormat detect(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        String first = firstLinePeek(file);
        // The header is checked before the name: fio writes whatever name --write_iolog was given, often .txt or .log.
        if (first.equals(IOLOG_V2_HEADER) || first.equals(IOLOG_V3_HEADER)) {
            return IOLOG;
        }
        Path name = file.getFileName();
        String lower = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
        if (lower.endsWith(".csv")) {
            return CSV;
        }
        if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) {
            return JSONL;
        }
        return null;
    }

    /**
     * @param name {@code iolog}, {@code csv} or {@code jsonl}, in any case
     * @throws IllegalArgumentException naming the allowed values
     */
    public static TraceFormat parse(String name) {
        Objects.requireNonNull(name, "name");
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "iolog" -> IOLOG;
            case "csv" -> CSV;
            case "jsonl" -> JSONL;
            default -> throw new IllegalArgumentException(
                    "unknown trace format '" + name + "'; expected one of iolog, csv, jsonl");
        };
    }

    /**
     * The start of the first line with trailing blanks removed, decoded as ISO-8859-1 so that arbitrary bytes never
     * fail here; the parsers report encoding problems with a line number.
     */
    static String firstLinePeek(Path file) throws IOException {
        byte[] head;
        try (InputStream in = InputFiles.open(file)) {
            head = in.readNBytes(HEADER_PEEK_BYTES);
        }
        String text = new String(head, StandardCharsets.ISO_8859_1);
        int end = text.indexOf('\n');
        if (end >= 0) {
            text = text.substring(0, end);
        }
        return stripTrailingBlanks(text);
    }

    static String stripTrailingBlanks(String text) {
        int end = text.length();
        while (end > 0) {
            char c = text.charAt(end - 1);
            if (c != ' ' && c != '\t' && c != '\r') {
                break;
            }
            end--;
        }
        return text.substring(0, end);
    }
}
