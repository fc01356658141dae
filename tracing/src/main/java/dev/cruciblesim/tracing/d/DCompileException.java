package dev.cruciblesim.tracing.d;

/**
 * A D script that cannot run: a syntax error, a type error, an unknown name, or a probe
 * description matching no probe. {@link #getMessage()} is exactly the line dtrace prints, e.g.
 * {@code dtrace: failed to compile script x.d: line 3: syntax error near "}"}; the CLI prints it and
 * exits 2 before anything fires. {@link #detail()} carries what DTrace's one line leaves out (the
 * column, what was expected, the closest probe names), kept apart so the line keeps DTrace's form.
 */
public final class DCompileException extends RuntimeException {
    private final int line;
    private final String detail;

    DCompileException(String message, int line, String detail) {
        super(message);
        this.line = line;
        this.detail = detail == null ? "" : detail;
    }

    /** @return the 1-based script line the error is on, or 0 when it concerns no line */
    public int line() {
        return line;
    }

    /** @return extra lines for a human (column, expectation, suggestions); empty if none */
    public String detail() {
        return detail;
    }
}
