package dev.cruciblesim.upstairs.core;

/**
 * Takes back a write's pooled payload once nothing needs it any more: its job retired (so no replay will send it
 * again) and every downstairs answered it (so none still reads it). Called on the core's thread.
 */
@FunctionalInterface
public interface PayloadRecycler {
    /** Recycles nothing: payloads are left to the garbage collector. */
    PayloadRecycler NONE = payload -> {
    };

    void recycle(byte[] payload);
}
