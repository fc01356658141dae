package dev.cruciblesim.bench.runset;

import dev.cruciblesim.bench.workload.StopRequest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the members of a set, each once, on {@code parallelism} threads: with one, on the calling thread, one after
 * another in order (as a real-time set must run, so that its runs do not measure each other); with more, on a pool
 * of worker threads taking the members in order. Virtual-time runs may share the pool because each is
 * single-threaded and self-contained: its scheduler, probe registry, metrics and random streams are its own, and no
 * component keeps mutable static state.
 *
 * <p>{@link #stop()} (the first ^C or SIGTERM) asks every member still running to stop as a single run does (drain,
 * then complete reports) and starts no more; the outcome lists the members that ran, in their order.
 */
public final class RunSetExecutor {
    /** One member's run: what it is told, and what it gives back. */
    @FunctionalInterface
    public interface Member<R> {
        /**
         * @param index the member's position in the set, from 0
         * @param stop  requested when the set is stopped; the run ends as an interrupted single run does
         */
        R run(int index, StopRequest stop) throws InterruptedException;
    }

    /** The most runs one set holds: a set directory of more is no longer one a person lists or compares. */
    public static final int MAX_RUNS = 10_000;

    private final int parallelism;
    private final Set<StopRequest> running = ConcurrentHashMap.newKeySet();
    private volatile boolean stopped;

    /** @param parallelism the most members run at once, {@code >= 1} */
    public RunSetExecutor(int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be >= 1, got " + parallelism);
        }
        this.parallelism = parallelism;
    }

    /** Starts no further member and asks the running ones to stop; safe from a signal handler's thread. */
    public void stop() {
        stopped = true;
        for (StopRequest stop : running) {
            stop.request();
        }
    }

    public boolean stopped() {
        return stopped;
    }

    /**
     * Runs members 0 to {@code count - 1}.
     *
     * @return each member's result in index order, for the members that ran (all, unless {@link #stop()} came first)
     * @throws InterruptedException if the calling thread is interrupted while it waits (the set is stopped first)
     */
    public <R> List<R> runAll(int count, Member<R> member) throws InterruptedException {
        int threads = Math.min(parallelism, count);
        if (threads <= 1) {
            List<R> results = new ArrayList<>();
            for (int index = 0; index < count && !stopped; index++) {
                R result = runOne(index, member);
                if (result != null) {
                    results.add(result);
                }
            }
            return results;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, workerThreads());
        try {
            List<Future<R>> futures = new ArrayList<>(count);
            for (int index = 0; index < count; index++) {
                int memberIndex = index;
                futures.add(pool.submit(() -> runOne(memberIndex, member)));
            }
            List<R> results = new ArrayList<>();
            for (Future<R> future : futures) {
                R result = await(future);
                if (result != null) {
                    results.add(result);
                }
            }
            return Collections.unmodifiableList(results);
        } catch (InterruptedException | RuntimeException | Error e) {
            // The command ends here: the members still running must end too, not run on in the background.
            stop();
            throw e;
        } finally {
            pool.shutdownNow();
        }
    }

    /** @return the member's result, or null when the set was stopped before it started */
    private <R> R runOne(int index, Member<R> member) throws InterruptedException {
        StopRequest stop = new StopRequest();
        running.add(stop);
        try {
            // After registering: a stop() between the check and the add would otherwise miss this member.
            if (stopped) {
                return null;
            }
            return member.run(index, stop);
        } finally {
            running.remove(stop);
        }
    }

    private static <R> R await(Future<R> future) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            // A member's own failures are its result; what escapes is a bug or an Error, and must not be lost.
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }

    private static ThreadFactory workerThreads() {
        AtomicInteger next = new AtomicInteger();
        return work -> {
            Thread thread = new Thread(work, "crucible-sim-set-" + next.getAndIncrement());
            // Never keeps the process alive past the command: the caller waits for every member it started.
            thread.setDaemon(true);
            return thread;
        };
    }
}
