package dev.cruciblesim.tracing.d;

import dev.cruciblesim.tracing.dtrace.FiringOutput;

/** What compiled actions call back into: the running script's output, options and exit. */
interface ScriptRuntime {
    /**
     * Before each action that records data (every action but an aggregation update or an
     * assignment): the first in a firing decides whether the firing is framed.
     *
     * @return the clause's output for this firing, which the action records into: not quiet,
     *         started with its {@code CPU ID FUNCTION:NAME} prefix; quiet, bare. Either way it
     *         reaches stdout whole when the clause ends, or not at all if the clause faults
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
     * After a clause faulted: DTrace discards the faulted firing's record, so the firing prints
     * nothing at all: not the output of its actions before the fault, nor a framed one's prefix.
     */
    void afterFault(Frame frame);

    /**
     * {@code exit(status)}: tracing stops after this firing, END runs when the harness finishes the run.
     *
     * @param program the index of the consumer's program whose clause called it
     */
    void requestExit(int program, int status);

    /** {@code setopt(name[, value])} while running. */
    void setOption(String name, String value);
}
