package dev.cruciblesim.downstairs;

/**
 * How the in-process downstairs thread waits for its next message: the Disruptor wait strategy,
 * named in configuration so that it is printable and recorded with the results.
 */
public enum InboxWaitStrategy {
    /** Lock and condition: no CPU while idle, a thread wake-up per hand-off (about 30 µs on the 2-core box). */
    BLOCKING,
    /** Spins, then yields, then parks 100 ns at a time: lower latency, some idle CPU. */
    SLEEPING,
    /** Spins, then {@code Thread.yield()}: low latency, burns a core when there are spare ones. */
    YIELDING,
    /** Spins forever: lowest latency, one whole core per downstairs; only with cores to spare. */
    BUSY_SPIN
}
