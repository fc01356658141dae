package dev.cruciblesim.bench.fault;

/**
 * The clock and the timer a {@link FaultInjector} runs on: the event scheduler in virtual time, one thread of its
 * own in real time. Every action it is given runs on that one thread, in time order.
 */
public interface FaultTimer {
    long nowNs();

    /** Runs {@code action} at {@code atNs}, or as soon after as the timer can. */
    void schedule(long atNs, Runnable action);
}
