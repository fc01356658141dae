package dev.cruciblesim.bench.workload;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What a job's writes carry, as fio's buffer options say: verifiable pseudo-random data (the
 * default, like fio's random buffers), zeros ({@code zero_buffers}), or a fixed pattern repeated
 * ({@code buffer_pattern}). Unlike fio, a pattern restarts at every block rather than every
 * buffer, so that a block's expected content does not depend on where an IO started.
 */
public final class BufferContent {
    public enum Kind { RANDOM, ZERO, PATTERN }

    public static final BufferContent RANDOM = new BufferContent(Kind.RANDOM, null);
    public static final BufferContent ZERO = new BufferContent(Kind.ZERO, null);
    /** Patterns longer than this are refused: a pattern is a motif, not a file. */
    public static final int MAX_PATTERN_BYTES = 4096;

    private final Kind kind;
    private final byte[] pattern;

    private BufferContent(Kind kind, byte[] pattern) {
        this.kind = kind;
        this.pattern = pattern;
    }

    /**
     * Parses fio's {@code buffer_pattern}: hex ({@code 0xdeadbeef}, an even number of digits), or a
     * quoted string ({@code "abc"} or {@code 'abc'}).
     *
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static BufferContent pattern(String text) {
        String t = text.strip();
        byte[] bytes;
        if (t.startsWith("0x") || t.startsWith("0X")) {
            String digits = t.substring(2);
            if (digits.isEmpty() || digits.length() % 2 != 0 || !digits.matches("[0-9a-fA-F]+")) {
                throw new IllegalArgumentException("a hex buffer_pattern needs an even number of hex digits after 0x, "
                        + "got '" + t + "'");
            }
            bytes = new byte[digits.length() / 2];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) Integer.parseInt(digits.substring(2 * i, 2 * i + 2), 16);
            }
        } else if (t.length() >= 3 && (t.charAt(0) == '"' || t.charAt(0) == '\'') && t.charAt(t.length() - 1) == t.charAt(0)) {
            bytes = t.substring(1, t.length() - 1).getBytes(StandardCharsets.UTF_8);
        } else {
            throw new IllegalArgumentException("buffer_pattern must be hex such as 0xdeadbeef or a quoted string such "
                    + "as '\"crucible\"', got '" + t + "'");
        }
        if (bytes.length > MAX_PATTERN_BYTES) {
            throw new IllegalArgumentException("buffer_pattern is " + bytes.length + " bytes; at most "
                    + MAX_PATTERN_BYTES + " are allowed");
        }
        return new BufferContent(Kind.PATTERN, bytes);
    }

    public Kind kind() {
        return kind;
    }

    /** @return a copy of the pattern; only for {@link Kind#PATTERN} */
    public byte[] patternBytes() {
        return pattern.clone();
    }

    /** @return the option as written in report.json: random, zero, or the pattern in hex */
    public String describe() {
        return switch (kind) {
            case RANDOM -> "random";
            case ZERO -> "zero";
            // Whole: the description is what report.json records of the scenario.
            case PATTERN -> DataPattern.hex(pattern, pattern.length);
        };
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BufferContent that && kind == that.kind && Arrays.equals(pattern, that.pattern);
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + Arrays.hashCode(pattern);
    }

    @Override
    public String toString() {
        return describe();
    }
}
