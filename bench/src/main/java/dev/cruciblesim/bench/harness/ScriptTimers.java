package dev.cruciblesim.bench.harness;

import dev.cruciblesim.sim.time.NanoClock;
import dev.cruciblesim.tracing.d.DScript;

import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Real time: the D scripts' {@code tick-N} and {@code profile-N} probes, fired from one timer thread at a fixed rate
 * on the wall clock, each firing stamped with the run's clock. Virtual time schedules them on the simulated clock
 * instead ({@code VirtualHarness}).
 */
final class ScriptTimers {
    /** Longest wait for a firing in progress when the run ends; a clause is a few microseconds. */
    private static final long STOP_WAIT_MS = 5_000;

    private final ScheduledThreadPoolExecutor timer;

    private ScriptTimers(ScheduledThreadPoolExecutor timer) {
        this.timer = timer;
    }

    /** @return the timers of {@code scripts}, started: each first fires one interval from now */
    static ScriptTimers start(RunScripts scripts, NanoClock clock) {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "d-script-timers");
            thread.setDaemon(true);
            return thread;
        });
        // Stopping drops the firings not yet due rather than waiting for them.
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        timer.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        for (DScript script : scripts.consumers()) {
            for (DScript.Timer tick : script.timers()) {
                timer.scheduleAtFixedRate(() -> script.fireTimer(tick.probeName(), clock.nanoTime()),
                        tick.intervalNs(), tick.intervalNs(), TimeUnit.NANOSECONDS);
            }
        }
        return new ScriptTimers(timer);
    }

    /** Stops the timers and waits for a firing in progress, so that none runs after the scripts' END clauses. */
    void stop() throws InterruptedException {
        timer.shutdown();
        if (!timer.awaitTermination(STOP_WAIT_MS, TimeUnit.MILLISECONDS)) {
            timer.shutdownNow();
        }
    }
}
