package dev.cruciblesim.downstairs.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** The server's log, kept for assertions; lines arrive from the server's threads. */
final class RecordingLog implements Consumer<String> {
    private static final long AWAIT_SECONDS = 30;

    private final LinkedBlockingQueue<String> arrived = new LinkedBlockingQueue<>();
    /** Only the test thread touches this. */
    private final List<String> seen = new ArrayList<>();

    @Override
    public void accept(String line) {
        arrived.add(line);
    }

    /** Waits for a line containing {@code fragment}; @return it */
    String awaitLineContaining(String fragment) throws InterruptedException {
        long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(AWAIT_SECONDS);
        for (String line : seen) {
            if (line.contains(fragment)) {
                return line;
            }
        }
        while (true) {
            String line = arrived.poll(deadlineNs - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError("no log line containing '" + fragment + "' within " + AWAIT_SECONDS
                        + " s; the log: " + lines());
            }
            seen.add(line);
            if (line.contains(fragment)) {
                return line;
            }
        }
    }

    /** @return every line so far */
    List<String> lines() {
        arrived.drainTo(seen);
        return List.copyOf(seen);
    }

    /** @return the lines so far that contain {@code fragment} */
    List<String> linesContaining(String fragment) {
        return lines().stream().filter(line -> line.contains(fragment)).toList();
    }
}
