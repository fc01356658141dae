package dev.cruciblesim.bench.workload.trace;

import dev.cruciblesim.sim.io.InputFiles;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The lines of a trace file with their 1-based numbers, so every parser reports {@code file:line} the same way.
 *
 * <p>Lines are split on bytes and decoded one at a time, not through a {@code BufferedReader}: a reader decodes a
 * whole buffer ahead, so bad UTF-8 on line 900 would surface while line 1 is read and the message would point at
 * the wrong line.
 */
final class LineSource implements Closeable {
    /** Large enough that a million-line trace costs few system calls. */
    private static final int BUFFER_BYTES = 1 << 16;
    static final String BYTE_ORDER_MARK = "\uFEFF";

    private final Path file;
    private final InputStream in;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private int position;
    private int limit;
    private boolean endOfFile;
    /** The previous line ended in CR, so an LF that follows belongs to it (CRLF), even across a buffer refill. */
    private boolean afterCr;
    private byte[] line = new byte[256];
    private int lineNumber;

    LineSource(Path file) throws IOException {
        this.file = file;
        this.in = InputFiles.open(file);
    }

    /** The next line without its terminator (LF, CRLF or CR), or null at the end; a last line needs no LF. */
    String next() throws IOException, TraceFormatException {
        int length = 0;
        boolean sawAny = false;
        while (true) {
            if (position == limit && !refill()) {
                break;
            }
            byte b = buffer[position++];
            if (afterCr) {
                afterCr = false;
                if (b == '\n') {
                    continue;
                }
            }
            sawAny = true;
            if (b == '\n') {
                break;
            }
            if (b == '\r') {
                afterCr = true;
                break;
            }
            if (length == line.length) {
                if (length == Integer.MAX_VALUE - 8) {
                    throw error(lineNumber + 1, "line too long");
                }
                line = Arrays.copyOf(line, (int) Math.min(Integer.MAX_VALUE - 8, 2L * length));
            }
            line[length++] = b;
        }
        if (!sawAny) {
            return null;
        }
        if (lineNumber == Integer.MAX_VALUE) {
            throw error(lineNumber, "more than " + Integer.MAX_VALUE + " lines; split the trace");
        }
        lineNumber++;
        String text = decode(length);
        if (lineNumber == 1 && text.startsWith(BYTE_ORDER_MARK)) {
            // Spreadsheets save CSV with a byte order mark; it is not part of the header.
            text = text.substring(1);
        }
        return text;
    }

    private String decode(int length) throws TraceFormatException {
        boolean ascii = true;
        for (int i = 0; i < length && ascii; i++) {
            ascii = line[i] >= 0;
        }
        if (ascii) {
            // Traces are almost always ASCII, where Latin-1 decoding is exact and skips the decoder's bookkeeping.
            return new String(line, 0, length, StandardCharsets.ISO_8859_1);
        }
        try {
            return utf8.decode(ByteBuffer.wrap(line, 0, length)).toString();
        } catch (CharacterCodingException e) {
            throw error("not UTF-8 text");
        }
    }

    private boolean refill() throws IOException {
        if (endOfFile) {
            return false;
        }
        int read = in.read(buffer);
        if (read < 0) {
            endOfFile = true;
            return false;
        }
        position = 0;
        limit = read;
        return true;
    }

    /** The number of the line {@link #next()} returned last. */
    int lineNumber() {
        return lineNumber;
    }

    Path file() {
        return file;
    }

    /** A failure on the current line. */
    TraceFormatException error(String reason) {
        return error(lineNumber, reason);
    }

    TraceFormatException error(int line, String reason) {
        return new TraceFormatException(file, line, reason);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
