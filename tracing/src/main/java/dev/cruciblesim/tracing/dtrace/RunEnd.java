package dev.cruciblesim.tracing.dtrace;

/** How a dtrace run ended, which decides the first byte of its final output (spec §1.4, §1.5). */
public enum RunEnd {
    /** {@code exit()}, a {@code -c} command finishing, the harness ending the run: no extra newline. */
    EXIT,
    /** ^C or SIGTERM: dtrace writes one {@code "\n"} before the END clause runs. */
    INTERRUPT
}
