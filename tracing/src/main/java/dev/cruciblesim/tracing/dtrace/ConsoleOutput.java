package dev.cruciblesim.tracing.dtrace;

/**
 * What dtrace has written to stdout so far. DTrace's consumer is one thread that prints buffer by
 * buffer, so each printf or printa result is appended whole under this object's lock, never
 * interleaved with another. Firings format outside the lock.
 */
public final class ConsoleOutput {
    /** What dtrace prints before the first firing with data when not quiet (spec §1.3): R3, R6, R32. */
    static final String PROBE_HEADING = "CPU     ID                    FUNCTION:NAME\n";

    private final StringBuilder text = new StringBuilder();
    /** Set by the first firing, quiet or not: DTrace decides on the heading once, at its first probe record. */
    private boolean headingDecided;

    public synchronized void append(CharSequence chunk) {
        text.append(chunk);
    }

    /**
     * Appends one firing's output whole, preceded by the column heading if this is the run's first
     * firing and it is not quiet. Under the lock, so that no other firing can come between the
     * heading and the first one.
     */
    synchronized void appendFiring(CharSequence chunk, boolean quiet) {
        if (!headingDecided) {
            headingDecided = true;
            if (!quiet) {
                text.append(PROBE_HEADING);
            }
        }
        text.append(chunk);
    }

    public synchronized String text() {
        return text.toString();
    }

    public synchronized int length() {
        return text.length();
    }
}
