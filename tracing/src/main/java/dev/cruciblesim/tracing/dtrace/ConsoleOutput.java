package dev.cruciblesim.tracing.dtrace;

/**
 * What dtrace has written to stdout so far. DTrace's consumer is one thread that prints buffer by
 * buffer, so each printf or printa result is appended whole under this object's lock, never
 * interleaved with another. Firings format outside the lock.
 */
public final class ConsoleOutput {
    private final StringBuilder text = new StringBuilder();

    public synchronized void append(CharSequence chunk) {
        text.append(chunk);
    }

    public synchronized String text() {
        return text.toString();
    }

    public synchronized int length() {
        return text.length();
    }
}
