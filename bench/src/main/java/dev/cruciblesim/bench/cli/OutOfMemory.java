package dev.cruciblesim.bench.cli;

import dev.cruciblesim.bench.scenario.ClockKind;
import dev.cruciblesim.bench.scenario.Scenario;
import dev.cruciblesim.bench.workload.Payload;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The one line a run that ran out of heap prints instead of a stack trace: what ran out, what in
 * this run holds memory, and the {@code -Xmx} to try.
 *
 * <p>In real time the error can strike any thread (the upstairs core, a downstairs, a timer), and
 * the others keep the heap full while they live, so there may be no room left even for the
 * message. {@link #guardProcess} therefore keeps a small reserve to free before writing it, and
 * makes the first out-of-memory error on any thread print the line and end the process, exit 1.
 */
final class OutOfMemory {
    private static final long MIB = 1L << 20;
    private static final int RESERVE_BYTES = 4 << 20;
    /** A run of a BlockTokenMap (12 bytes) and its arrays' slack: at most what a block of a full volume costs. */
    private static final long TOKEN_BYTES_PER_BLOCK = 18;

    private static final AtomicBoolean REPORTED = new AtomicBoolean();
    private static volatile byte[] reserve;
    private static volatile byte[] preparedLine;
    private static final FileOutputStream STDERR = new FileOutputStream(FileDescriptor.err);

    private OutOfMemory() {
    }

    /**
     * For the process's own run only (as {@link CrucibleSim#main} does): every thread's
     * out-of-memory error ends the process with {@link #report}'s line; other uncaught errors print
     * as the JVM prints them.
     */
    static void guardProcess(Supplier<Scenario> scenario, PrintWriter err) {
        reserve = new byte[RESERVE_BYTES];
        prepare(null);
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> {
            if (error instanceof OutOfMemoryError) {
                report(scenario.get(), err);
                Runtime.getRuntime().halt(CrucibleSim.EXIT_RUN_FAILED);
            }
            System.err.print("Exception in thread \"" + thread.getName() + "\" ");
            error.printStackTrace(System.err);
        });
    }

    /**
     * Composes the line for {@code scenario} now, while there is memory, for a guarded process to
     * write without allocating: when the heap is full the other threads of a real-time run take
     * the freed reserve at once, and building the line then could fail again.
     */
    static void prepare(Scenario scenario) {
        if (reserve != null) {
            preparedLine = ("crucible-sim: " + explain(scenario, Runtime.getRuntime().maxMemory()) + "\n")
                    .getBytes(StandardCharsets.UTF_8);
        }
    }

    /** Frees the reserve and prints the line, once per process however many threads ran out. */
    static void report(Scenario scenario, PrintWriter err) {
        byte[] line = preparedLine;
        reserve = null;
        if (!REPORTED.compareAndSet(false, true)) {
            return;
        }
        if (line == null) {
            err.println("crucible-sim: " + explain(scenario, Runtime.getRuntime().maxMemory()));
            err.flush();
            return;
        }
        try {
            // Straight to the file descriptor: no writer's lock (another thread may hold it) and no buffer to grow.
            STDERR.write(line);
            STDERR.flush();
        } catch (IOException | Error e) {
            // Nothing more can be said; the exit code still tells the run failed.
        }
    }

    /**
     * @param scenario    the run's scenario, or null if it ran out before one was resolved (reading a trace)
     * @param maxHeapBytes the heap's limit, {@link Runtime#maxMemory()}
     */
    static String explain(Scenario scenario, long maxHeapBytes) {
        long suggestedMib = Math.max(256, 2 * maxHeapBytes / MIB);
        StringBuilder line = new StringBuilder("out of memory: the Java heap, at most ")
                .append(showBytes(maxHeapBytes)).append(" here, is full");
        boolean bytes = scenario != null && scenario.payload() == Payload.BYTES;
        if (scenario != null) {
            // A written block costs the read check (and, with stamps, each downstairs) one run of a BlockTokenMap,
            // 12 bytes and slack, and a volume written in full at most 18 bytes a block; with bytes the downstairs
            // share one copy of each block's data.
            String tokens = showBytes(TOKEN_BYTES_PER_BLOCK * scenario.volume().totalBlocks());
            if (bytes) {
                line.append("; the downstairs keep every block written, up to ")
                        .append(showBytes(scenario.volume().totalBytes()))
                        .append(" for this volume, and the read check a few bytes per block written, up to ")
                        .append(tokens);
            } else {
                line.append("; the three downstairs and the read check keep a few bytes per block written each, up to"
                        + " 4 x ").append(tokens).append(" for this volume");
            }
        }
        line.append("; give the JVM more heap (java -Xmx").append(suggestedMib)
                .append("m -jar crucible-sim.jar ...)");
        if (scenario != null) {
            line.append(", or write less of a smaller volume (--extent-count, --ios)");
            if (bytes && scenario.clock() == ClockKind.VIRTUAL) {
                line.append(", or let stamps stand for the bytes (--set volume.payload=stamps)");
            }
        }
        return line.toString();
    }

    private static String showBytes(long bytes) {
        if (bytes >= (1L << 30)) {
            return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
        }
        return String.format(Locale.ROOT, "%.0f MiB", bytes / (double) MIB);
    }
}
