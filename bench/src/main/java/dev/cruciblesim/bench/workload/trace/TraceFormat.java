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
    /** The header {@code time_us,op,offset_bytes,length_bytes}, then one record a line. */
    CSV,
    /** One JSON object a line with the keys {@code time_us}, {@code op}, {@code offset_bytes}, {@code length_bytes}. */
    JSONL;

    static final String IOLOG_V2_HEADER = "fio version 2 iolog";
    static final String IOLOG_V3_HEADER = "fio version 3 iolog";

    /** Enough of the file for either iolog header plus a line end. */
    private static final int IOLOG_HEADER_PEEK_BYTES = 64;

    /**
     * How much of the file detection reads: room for a block of comment lines above a CSV header, and nothing next
     * to the parse that follows.
     */
    private static final int HEAD_PEEK_BYTES = 64 * 1024;

    /**
     * Tells the format from the content first and the name second.
     *
     * @return {@link #IOLOG} when the first line is {@code fio version 2 iolog} or {@code fio version 3 iolog}
     *     (trailing spaces, tabs and a CR allowed); {@link #CSV} when the first line that is neither blank nor a
     *     {@code #} comment, within the first 64 KiB, is the CSV header; else {@link #CSV} for a name ending in
     *     {@code .csv}, {@link #JSONL} for {@code .jsonl} or {@code .ndjson} (case-insensitive); else null
     */
    public static TraceFormat detect(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        byte[] head = peek(file, HEAD_PEEK_BYTES);
        String first = firstLine(head);
        // The header is checked before the name: fio writes whatever name --write_iolog was given, often .txt or .log.
        if (first.equals(IOLOG_V2_HEADER) || first.equals(IOLOG_V3_HEADER)) {
            return IOLOG;
        }
        if (startsWithCsvHeader(head)) {
            return CSV;
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
     * Whether the first line the CSV parser would not skip is its header. Decoded as UTF-8 with replacement, as
     * the parser decodes it, so that no byte fails here; a line the peek cut short is not judged.
     */
    private static boolean startsWithCsvHeader(byte[] head) {
        String text = new String(head, StandardCharsets.UTF_8);
        if (text.startsWith(LineSource.BYTE_ORDER_MARK)) {
            text = text.substring(1);
        }
        String[] lines = text.split("\r\n|\r|\n", -1);
        int whole = head.length == HEAD_PEEK_BYTES ? lines.length - 1 : lines.length;
        for (int i = 0; i < whole; i++) {
            String line = lines[i].strip();
            if (!CsvParser.isSkipped(line)) {
                return CsvParser.isHeader(line);
            }
        }
        return false;
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
        return firstLine(peek(file, IOLOG_HEADER_PEEK_BYTES));
    }

    private static String firstLine(byte[] head) {
        String text = new String(head, 0, Math.min(head.length, IOLOG_HEADER_PEEK_BYTES), StandardCharsets.ISO_8859_1);
        int end = text.indexOf('\n');
        if (end >= 0) {
            text = text.substring(0, end);
        }
        return stripTrailingBlanks(text);
    }

    private static byte[] peek(Path file, int bytes) throws IOException {
        try (InputStream in = InputFiles.open(file)) {
            return in.readNBytes(bytes);
        }
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
