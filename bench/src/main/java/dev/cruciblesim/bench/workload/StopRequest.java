package dev.cruciblesim.bench.workload;

import java.util.concurrent.locks.LockSupport;

/**
 * A request, from any thread (a signal handler, say), that a run stop issuing IO and end as if its
 * limit had come: what is in flight drains, the final flush runs, and the reports are printed. The
 * runtime that owns the workload sees it at its next step; a waiting real-time workload thread is
 * woken for it.
 */
public final class StopRequest {
    private volatile boolean requested;
    private volatile Thread waiter;

    /** Asks the run to stop; idempotent, safe from any thread, never blocks. */
    public void request() {
        requested = true;
        // Read after the write: either the waiter is seen and woken, or it registered later and sees the flag.
        Thread thread = waiter;
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }

    /** @return whether a stop has been asked for */
    public boolean requested() {
        return requested;
    }

    /** Has {@link #request()} unpark {@code thread}, which parks while it waits for IO. */
    void wakeOnRequest(Thread thread) {
        waiter = thread;
    }
}
