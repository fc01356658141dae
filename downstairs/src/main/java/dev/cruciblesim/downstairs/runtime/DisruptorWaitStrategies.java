package dev.cruciblesim.downstairs.runtime;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;
import dev.cruciblesim.downstairs.InboxWaitStrategy;

/**
 * The Disruptor wait strategy an {@link InboxWaitStrategy} names: shared by every runtime that feeds a downstairs
 * core from a ring (in-process, TCP server), so that one configuration value means the same wait everywhere. The
 * enum itself cannot build them: it lives with the core, which may not depend on the Disruptor.
 */
public final class DisruptorWaitStrategies {
    private DisruptorWaitStrategies() {
    }

    /** @return a new wait strategy (some hold a lock and condition, so each ring needs its own) */
    public static WaitStrategy of(InboxWaitStrategy strategy) {
        switch (strategy) {
            case BLOCKING:
                return new BlockingWaitStrategy();
            case SLEEPING:
                return new SleepingWaitStrategy();
            case YIELDING:
                return new YieldingWaitStrategy();
            case BUSY_SPIN:
                return new BusySpinWaitStrategy();
            default:
                throw new IllegalArgumentException("unknown wait strategy " + strategy);
        }
    }
}
