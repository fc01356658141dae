package dev.cruciblesim.sim.protocol;

/**
 * A returning (offline) upstairs client tells the downstairs the job id of the last flush it knows completed, so
 * the downstairs can treat every dependency up to it as met before jobs are replayed.
 */
public record LastFlush(long lastFlushJobId) implements Message.ToDownstairs {
}
