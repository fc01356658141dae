package dev.cruciblesim.downstairs;

import java.util.Arrays;
import java.util.List;

/**
 * How a real-time inbox's thread waits for its next message (the upstairs core's and each in-process downstairs'):
 * the Disruptor wait strategy, named in configuration so that it is printable and recorded with the results. The
 * hand-off policy is itself a latency variable: each trades idle CPU for wake-up time.
 */
public enum InboxWaitStrategy {
    /** Lock and condition: no CPU while idle, a thread wake-up per hand-off (about 30 µs on the 2-core box). */
    BLOCKING("blocking"),
    /** Spins, then yields, then parks 100 ns at a time: lower latency, some idle CPU. */
    SLEEPING("sleeping"),
    /** Spins, then {@code Thread.yield()}: low latency, burns a core when there are spare ones. */
    YIELDING("yielding"),
    /** Spins forever: lowest latency, one whole core per inbox; only with cores to spare. */
    BUSY_SPIN("busy-spin"),
    /**
     * Spins for {@link #PARK_SPIN_SPIN_NS}, yields until {@link #PARK_SPIN_YIELD_NS}, then blocks on a lock
     * (Disruptor's phased back-off): a burst of IO is caught spinning, an idle inbox costs nothing.
     */
    PARK_SPIN("park-spin");

    public static final long PARK_SPIN_SPIN_NS = 20_000;
    public static final long PARK_SPIN_YIELD_NS = 50_000;

    private final String optionName;

    InboxWaitStrategy(String optionName) {
        this.optionName = optionName;
    }

    /** @return its name in scenarios and on the command line: {@code blocking}, {@code busy-spin}, ... */
    public String optionName() {
        return optionName;
    }

    /** @return the strategy named {@code name} as {@link #optionName()} gives it, or null */
    public static InboxWaitStrategy named(String name) {
        for (InboxWaitStrategy strategy : values()) {
            if (strategy.optionName.equals(name)) {
                return strategy;
            }
        }
        return null;
    }

    /** @return every strategy's option name, in declaration order */
    public static List<String> names() {
        return Arrays.stream(values()).map(InboxWaitStrategy::optionName).toList();
    }
}
