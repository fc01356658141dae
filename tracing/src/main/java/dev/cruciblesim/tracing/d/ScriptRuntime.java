package dev.cruciblesim.tracing.d;

import dev.cruciblesim.tracing.dtrace.FiringOutput;

/** What compiled actions call back into: the running script's output, options and exit. */
interface ScriptRuntime {
    /** Quiet: appends one record's text (a trace) to stdout, as one piece. */
    void emit(CharSequence text);

    /**
     * Before each action that records data (every action but an aggregation update or an
     * assignment): the first in a firing decides whether the firing is framed.
     *
     * @return not quiet, the firing's output, started with its {@code CPU ID FUNCTION:NAME}
     *         prefix: the action records into it; quiet, null: the action prints through
     *         {@link #emit} or straight to the program, as the shipped scripts always have
     */
    FiringOutput beforeOutput(Frame frame);

    /**
     * A clause with no actions: DTrace's default action, which records nothing but, when not quiet,
     * prints the firing's {@code CPU ID FUNCTION:NAME} line.
     */
    void defaultAction(Frame frame);

    /** After a clause ran on a firing without a fault: a framed firing's output goes to stdout, newline ended. */
    void afterClause(Frame frame);

    /**
     * After a clause faulted: DTrace discards the faulted firing's record, so a framed firing
     * prints nothing at all, not even its prefix.
     */
    void afterFault(Frame frame);

    /** {@code exit(status)}: tracing stops after this firing, END runs when the harness finishes the run. */
    void requestExit(int status);

    /** {@code setopt(name[, value])} while running. */
    void setOption(String name, String value);
}
