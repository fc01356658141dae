package dev.cruciblesim.bench.workload.trace;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;
import java.util.Locale;
import java.util.Objects;

/**
 * Writes a fio version 3 iolog line by line as IO happens, never holding the log in memory, so a long run can be
 * replayed later by fio ({@code --read_iolog}) or by {@link TraceReader}.
 *
 * <p>Calls go {@link #begin()}, any number of {@link #io}, {@link #end(long)}, then {@link #close()}; times are µs
 * from the start of the run and may not go backwards, since fio would replay a step back as no wait at all and the
 * log would no longer say when each IO was issued.
 *
 * <p>fio 3.33 (the version installed here) skips {@code trim} lines when it replays an iolog, logging
 * {@code bad ddir: 2}; the current fio source counts them as trims. {@link TraceReader} always keeps them.
 */
public final class IologWriter implements Closeable {
    /** fio reads the file name with {@code %256s}; a longer name would spill into the action field. */
    private static final int MAX_FILE_NAME_CHARS = 256;

    private enum State { NEW, OPEN, ENDED, CLOSED }

    private final Writer out;
    private final String fileName;
    private State state = State.NEW;
    private long lastTimeUs;

    /**
     * @param out where the log goes; buffered here unless it already is, and closed by {@link #close()}
     * @param fileName the file name column fio expects, e.g. {@code crucible-sim.vol}: fio opens this file on replay
     * @throws IllegalArgumentException when the name is empty, longer than 256 characters or contains whitespace,
     *     which would change how fio splits the line
     */
    public IologWriter(Writer out, String fileName) {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(fileName, "fileName");
        if (fileName.isEmpty() || fileName.length() > MAX_FILE_NAME_CHARS) {
            throw new IllegalArgumentException("fileName must have 1 to " + MAX_FILE_NAME_CHARS
                    + " characters, got " + fileName.length());
        }
        for (int i = 0; i < fileName.length(); i++) {
            if (Character.isWhitespace(fileName.charAt(i)) || Character.isISOControl(fileName.charAt(i))) {
                throw new IllegalArgumentException("fileName must not contain whitespace or control characters: "
                        + "fio splits iolog lines on blanks, got '" + fileName + "'");
            }
        }
        this.out = out instanceof BufferedWriter ? out : new BufferedWriter(out);
        this.fileName = fileName;
    }

    /** Writes the version line and adds and opens the file at time 0, as fio itself does before the first IO. */
    public void begin() throws IOException {
        requireState(State.NEW, "begin");
        out.write(TraceFormat.IOLOG_V3_HEADER);
        out.write('\n');
        line(0, "add");
        line(0, "open");
        state = State.OPEN;
    }

    /**
     * Writes {@code <timeUs> <file> read|write|trim|sync <offset> <length>}; a {@link TraceOp#FLUSH} becomes
     * {@code sync} with the offset and length given, normally {@code 0 0}.
     *
     * @throws IllegalArgumentException for a negative or decreasing time, a negative offset or length, or a read,
     *     write or trim of length 0
     */
    public void io(long timeUs, TraceOp op, long offsetBytes, int lengthBytes) throws IOException {
        Objects.requireNonNull(op, "op");
        requireState(State.OPEN, "io");
        checkTime(timeUs);
        if (offsetBytes < 0) {
            throw new IllegalArgumentException("offsetBytes must be >= 0, got " + offsetBytes);
        }
        if (lengthBytes < 0 || (lengthBytes == 0 && op != TraceOp.FLUSH)) {
            throw new IllegalArgumentException("lengthBytes must be " + (op == TraceOp.FLUSH ? ">= 0" : "> 0")
                    + " for a " + op.word() + ", got " + lengthBytes);
        }
        out.write(Long.toString(timeUs));
        out.write(' ');
        out.write(fileName);
        out.write(' ');
        out.write(op.iologAction());
        out.write(' ');
        out.write(Long.toString(offsetBytes));
        out.write(' ');
        out.write(Integer.toString(lengthBytes));
        out.write('\n');
        lastTimeUs = timeUs;
    }

    /** Writes {@code <timeUs> <file> close} and flushes, so the log is complete even before {@link #close()}. */
    public void end(long timeUs) throws IOException {
        requireState(State.OPEN, "end");
        checkTime(timeUs);
        line(timeUs, "close");
        lastTimeUs = timeUs;
        state = State.ENDED;
        out.flush();
    }

    /**
     * Closes the underlying writer. Closing without {@link #end(long)} leaves a log without its {@code close} line,
     * which fio and {@link TraceReader} both still replay; calling it again does nothing.
     */
    @Override
    public void close() throws IOException {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        out.close();
    }

    private void line(long timeUs, String action) throws IOException {
        out.write(Long.toString(timeUs));
        out.write(' ');
        out.write(fileName);
        out.write(' ');
        out.write(action);
        out.write('\n');
    }

    private void checkTime(long timeUs) {
        if (timeUs < 0) {
            throw new IllegalArgumentException("timeUs must be >= 0, got " + timeUs);
        }
        if (timeUs < lastTimeUs) {
            throw new IllegalArgumentException("timeUs " + timeUs + " is before the previous line's " + lastTimeUs);
        }
    }

    private void requireState(State expected, String call) {
        if (state != expected) {
            throw new IllegalStateException(call + "() called when the writer is " + state.name().toLowerCase(Locale.ROOT) + "; the order is begin(), io()..., end(), close()");
        }
    }
}
