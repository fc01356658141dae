package dev.cruciblesim.sim.latency;

import java.util.Map;
import java.util.SplittableRandom;

/**
 * A distribution of delays: a link's one-way latency, a downstairs' service time, the upstairs'
 * processing time per event. Implementations are immutable and hold no randomness of their own;
 * the caller passes the seeded stream that belongs to the component, so one component's model can
 * change without reshuffling any other component's draws.
 */
public interface LatencyModel {
    /**
     * Draws one delay.
     *
     * @param random the component's own stream; only the calling thread uses it
     * @return a delay in nanoseconds, never negative
     */
    long sampleNs(SplittableRandom random);

    /** @return the mean of the distribution in nanoseconds (after truncation at 0), for summaries */
    double meanNs();

    /**
     * @return the model's canonical description, written into every report's resolved scenario:
     *         {@code kind} first, then its parameters, durations in nanoseconds, in a fixed order
     */
    Map<String, Object> describe();
}
