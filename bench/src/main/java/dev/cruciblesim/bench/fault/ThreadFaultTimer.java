package dev.cruciblesim.bench.fault;

import dev.cruciblesim.sim.time.NanoClock;

import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Real time's {@link FaultTimer}: one daemon thread, {@code fault-injector}, that runs each action when its time
 * comes on the run's clock. An action that throws is handed to {@code failures} and the thread goes on, so that a
 * fault's end is never lost to another's failure.
 */
public final class ThreadFaultTimer implements FaultTimer, AutoCloseable {
    private final NanoClock clock;
    private final Consumer<Throwable> failures;
    private final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
        Thread thread = new Thread(runnable, "fault-injector");
        thread.setDaemon(true);
        return thread;
    });

    public ThreadFaultTimer(NanoClock clock, Consumer<Throwable> failures) {
        this.clock = clock;
        this.failures = failures;
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    @Override
    public long nowNs() {
        return clock.nanoTime();
    }

    @Override
    public void schedule(long atNs, Runnable action) {
        if (executor.isShutdown()) {
            return;
        }
        executor.schedule(() -> {
            try {
                action.run();
            } catch (RuntimeException | Error e) {
                failures.accept(e);
            }
        }, Math.max(0, atNs - clock.nanoTime()), TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
