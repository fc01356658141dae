package dev.cruciblesim.sim.transport;

/**
 * One direction of a link: whatever is handed to {@link #send} arrives, in order, at the other
 * end. The in-process implementation passes the object itself, without serialising it.
 * Implementations say whether {@code send} may be called from more than one thread.
 */
@FunctionalInterface
public interface MessageSink<M> {
    void send(M message);

    /**
     * The sender has finished a batch of sends (its inbox ran dry, or it drained what was due): a sink that holds
     * messages back to send several at once sends them now. A sender that batches must call it after every batch;
     * for the rest it does nothing.
     */
    default void endOfBatch() {
    }
}
