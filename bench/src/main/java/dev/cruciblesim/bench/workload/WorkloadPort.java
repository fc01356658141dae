package dev.cruciblesim.bench.workload;

import dev.cruciblesim.sim.event.EventHandler;

/**
 * What the {@link WorkloadEngine} needs from a runtime: a clock, timers, a way to hand an IO to the
 * upstairs, and completions brought back to the engine's thread. Virtual time implements it on its
 * event scheduler; real time on a workload thread with a timer heap and a completion queue.
 */
public interface WorkloadPort {
    /** @return the run's clock, in nanoseconds */
    long nowNs();

    /** Runs {@code handler} on the engine's thread at {@code atNs}, or as soon after it as the runtime can. */
    void schedule(long atNs, EventHandler handler, Object payload, long arg);

    /**
     * @return an array of {@code lengthBytes} for a write's data, which the caller fills whole and submits at once;
     *         the upstairs owns it from then on. Real time takes it from the upstairs' payload pool and says so
     *         ({@link #writeBuffersPooled}); the default allocates.
     */
    default byte[] writeBuffer(int lengthBytes) {
        return new byte[lengthBytes];
    }

    /** @return whether {@link #writeBuffer} hands out pooled arrays, which the IO then marks as such */
    default boolean writeBuffersPooled() {
        return false;
    }

    /** Hands {@code io} to the upstairs. The upstairs calls {@link GuestIo#onComplete} when it is done. */
    void submit(GuestIo io);

    /**
     * Called from {@link GuestIo#onComplete} on the upstairs' thread: stamp {@link GuestIo#completedNs} and
     * have the engine's thread call {@link WorkloadEngine#completed(GuestIo)}, never from inside the upstairs.
     */
    void ioCompleted(GuestIo io);
}
