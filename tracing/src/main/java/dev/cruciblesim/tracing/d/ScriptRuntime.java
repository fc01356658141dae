package dev.cruciblesim.tracing.d;

/** What compiled actions call back into: the running script's output, options and exit. */
interface ScriptRuntime {
    /** Appends one record's text (a printf, a trace) to stdout, as one piece. */
    void emit(Frame frame, CharSequence text);

    /** Before a firing's first output; where the non-quiet {@code CPU ID FUNCTION:NAME} prefix belongs. */
    void beforeOutput(Frame frame);

    /**
     * A clause with no actions: DTrace's default action, which records nothing but, when not quiet,
     * prints the firing's {@code CPU ID FUNCTION:NAME} line.
     */
    void defaultAction(Frame frame);

    /** After a clause ran on a firing (faulted or not); where the non-quiet firing's closing newline belongs. */
    void afterClause(Frame frame);

    /** {@code exit(status)}: tracing stops after this firing, END runs when the harness finishes the run. */
    void requestExit(int status);

    /** {@code setopt(name[, value])} while running. */
    void setOption(String name, String value);

    /** @return whether output is quiet now ({@code -q}, the pragma, or {@code setopt("quiet")}) */
    boolean quietNow();
}
