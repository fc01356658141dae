package dev.cruciblesim.downstairs.runtime;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.PhasedBackoffWaitStrategy;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;
import dev.cruciblesim.downstairs.DownstairsCore;
import dev.cruciblesim.downstairs.InboxWaitStrategy;
import dev.cruciblesim.sim.time.PreciseDelay;
import dev.cruciblesim.sim.time.SystemNanoClock;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What every runtime that feeds a downstairs core from a Disruptor ring in real time shares (in-process, the TCP
 * server): the wait strategy a configuration names, the exception handler that records a failure, and the thread
 * being the disk while a job's service time runs. The core itself may not depend on the Disruptor or wait.
 */
public final class CoreRings {
    private CoreRings() {
    }

    /**
     * The Disruptor wait strategy an {@link InboxWaitStrategy} names, so that one configuration value means the same
     * wait everywhere.
     *
     * @return a new wait strategy (some hold a lock and condition, so each ring needs its own)
     */
    public static WaitStrategy waitStrategy(InboxWaitStrategy strategy) {
        switch (strategy) {
            case BLOCKING:
                return new BlockingWaitStrategy();
            case SLEEPING:
                return new SleepingWaitStrategy();
            case YIELDING:
                return new YieldingWaitStrategy();
            case BUSY_SPIN:
                return new BusySpinWaitStrategy();
            case PARK_SPIN:
                return PhasedBackoffWaitStrategy.withLiteLock(InboxWaitStrategy.PARK_SPIN_SPIN_NS,
                        InboxWaitStrategy.PARK_SPIN_YIELD_NS, TimeUnit.NANOSECONDS);
            default:
                throw new IllegalArgumentException("unknown wait strategy " + strategy);
        }
    }

    /**
     * Waits out the busy job's service time for real ({@link PreciseDelay}: park, then spin for the last
     * microseconds) and finishes it, until the core is idle: messages that arrive meanwhile wait in the ring, since
     * a busy disk does not look at its queue. Before each wait, {@code beforeWaiting} runs: a caller that holds
     * replies back to send several at once sends them there, so no reply waits out a later job's service time.
     */
    public static void runUntilIdle(DownstairsCore core, Runnable beforeWaiting) {
        while (core.isBusy()) {
            // One clock read when the service time has already passed, the common case for short ones; a
            // second only when there is a real wait, which dwarfs it.
            if (SystemNanoClock.INSTANCE.nanoTime() - core.busyUntilNs() < 0) {
                beforeWaiting.run();
                PreciseDelay.waitUntil(SystemNanoClock.INSTANCE, core.busyUntilNs());
            }
            core.poll();
        }
    }

    /**
     * @return an exception handler for the ring's own failures (start-up, shut-down, an escaped exception), each handed
     *         to {@code failures} and never rethrown, so that a failed consumer cannot leave a producer waiting
     */
    public static <T> ExceptionHandler<T> failureRecorder(Consumer<Throwable> failures) {
        return new ExceptionHandler<>() {
            @Override
            public void handleEventException(Throwable cause, long sequence, T slot) {
                failures.accept(cause);
            }

            @Override
            public void handleOnStartException(Throwable cause) {
                failures.accept(cause);
            }

            @Override
            public void handleOnShutdownException(Throwable cause) {
                failures.accept(cause);
            }
        };
    }
}
