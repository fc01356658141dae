package dev.cruciblesim.tracing.dtrace;

import java.util.Objects;

/**
 * The output of one clause for one probe firing, built on the firing thread and written to stdout
 * whole by {@link #end()} (DTrace prints one enabled-probe record at a time, never interleaved).
 * Created by {@link DProgram#firing}. Not quiet, it reads (spec §1.3):
 *
 * <pre>
 *   CPU     ID                    FUNCTION:NAME          (once, before the run's first firing)
 *     0     12 submit_write:gw-write-start  ...records...\n
 * </pre>
 *
 * that is R3(cpu), R6(id), R32(function:name), a space, the records in the order the clause ran
 * them, and a newline. Quiet, only the records. One thread uses an instance, once.
 */
public final class FiringOutput {
    private final DProgram program;
    private final boolean quiet;
    private final StringBuilder text = new StringBuilder();
    private boolean ended;

    FiringOutput(DProgram program, boolean quiet, int cpu, long probeId, String function, String name) {
        this.program = program;
        this.quiet = quiet;
        if (!quiet) {
            Columns.right(text, Integer.toString(cpu), 3);
            text.append(' ');
            Columns.right(text, Long.toString(probeId), 6);
            text.append(' ');
            Columns.right(text, Objects.requireNonNull(function, "function") + ":" + Objects.requireNonNull(name, "name"),
                    32);
            text.append(' ');
        }
    }

    /** @return whether this firing prints without the columns */
    public boolean isQuiet() {
        return quiet;
    }

    /** {@code printf(format, args...)}, as {@link DProgram#printf}. */
    public FiringOutput printf(PrintFormat format, Object... args) {
        format.format(text, args);
        return this;
    }

    /** {@code printa(@a, ...)} without a format, as {@link DProgram#printa(Aggregation...)}. */
    public FiringOutput printa(Aggregation... printed) {
        program.renderPrinta(text, printed);
        return this;
    }

    /** {@code printa(format, @a, ...)}, as {@link DProgram#printa(PrintFormat, Aggregation...)}. */
    public FiringOutput printa(PrintFormat format, Aggregation... printed) {
        program.renderPrinta(text, format, printed);
        return this;
    }

    /**
     * {@code trace(x)} of an integer: not quiet {@code ␠R16} for 8 bytes (signed), {@code ␠R8} for 4
     * (the low 32 bits, signed), {@code ␠R5} for 2 and {@code ␠R3} for 1 (the low bits, unsigned,
     * as C promotes them); quiet, the same number bare.
     *
     * @param sizeBytes the D type's size: 8 for {@code int64_t}, {@code arg0} or {@code timestamp}; 4 for
     *                  {@code int} and {@code pid}; 2; 1
     * @throws IllegalArgumentException for any other size
     */
    public FiringOutput trace(long value, int sizeBytes) {
        String digits;
        int width;
        switch (sizeBytes) {
            case 8 -> {
                digits = Long.toString(value);
                width = 16;
            }
            case 4 -> {
                digits = Integer.toString((int) value);
                width = 8;
            }
            case 2 -> {
                digits = Integer.toString((int) value & 0xFFFF);
                width = 5;
            }
            case 1 -> {
                digits = Integer.toString((int) value & 0xFF);
                width = 3;
            }
            default -> throw new IllegalArgumentException("trace( ) of a " + sizeBytes + "-byte integer");
        }
        if (quiet) {
            text.append(digits);
        } else {
            text.append(' ');
            Columns.right(text, digits, width);
        }
        return this;
    }

    /** {@code trace(s)} of a string: not quiet {@code "␠␠"} then left-justified in 33 columns; quiet, bare. */
    public FiringOutput trace(String value) {
        if (quiet) {
            text.append(value);
        } else {
            text.append("  ");
            Columns.left(text, value, 33);
        }
        return this;
    }

    /** @return the output so far, framing included, not yet on stdout */
    public String text() {
        return text.toString();
    }

    /**
     * Ends the firing: not quiet, closes its line with {@code "\n"}; then writes it to stdout as one
     * chunk, after the column heading if it is the run's first firing.
     *
     * @throws IllegalStateException if already ended
     */
    public void end() {
        if (ended) {
            throw new IllegalStateException("the firing already ended");
        }
        ended = true;
        if (!quiet) {
            text.append('\n');
        }
        program.console().appendFiring(text, quiet);
    }
}
