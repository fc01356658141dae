package dev.cruciblesim.bench.workload;

import dev.cruciblesim.sim.event.EventHandler;
import dev.cruciblesim.sim.event.EventScheduler;
import dev.cruciblesim.sim.time.NanoClock;
import dev.cruciblesim.sim.time.PreciseDelay;
import dev.cruciblesim.upstairs.runtime.Guest;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs a {@link WorkloadEngine} in real time on the calling thread (the workload thread): open-loop
 * arrivals wait on a timer heap (parked, then spinning for the last stretch, as {@link PreciseDelay}
 * does), IOs go to the upstairs through its {@link Guest}, and completions come back from the
 * upstairs core thread through a single-producer ring, stamped with the time the callback ran.
 */
public final class RealTimeWorkloadRunner implements WorkloadPort {
    private final NanoClock clock;
    private final Guest guest;
    private final long drainTimeoutNs;
    private final EventScheduler timers;
    private final CompletionRing completions;
    private final Thread workloadThread = Thread.currentThread();
    private volatile boolean waiting;
    /**
     * IOs completed on the workload thread itself: the upstairs refuses an IO at the door (after a
     * fatal error, say) by calling back at once, and the ring has room for one producer only.
     */
    private final java.util.ArrayDeque<GuestIo> refused = new java.util.ArrayDeque<>();
    private long submitted;
    private long completed;
    /** Hears each IO go out and come back; null for none. */
    private IoObserver observer;
    private long lastCompletionNs;

    /**
     * @param maxInFlight    the most IOs the workload can have outstanding (the sum of its jobs' iodepth)
     * @param drainTimeoutNs the longest wait for a completion while IO is outstanding before the run is failed
     */
    public RealTimeWorkloadRunner(NanoClock clock, Guest guest, int maxInFlight, long drainTimeoutNs) {
        this.clock = clock;
        this.guest = guest;
        this.drainTimeoutNs = drainTimeoutNs;
        this.timers = new EventScheduler(clock.nanoTime());
        this.completions = new CompletionRing(maxInFlight);
    }

    /** Starts {@code engine} and runs it until it finishes, fails, or stops making progress. */
    public WorkloadResult run(WorkloadEngine workload) {
        return run(workload, new StopRequest(), () -> {
        });
    }

    /** @param ioObserver hears each IO's submission and completion on the workload thread; null for none */
    public void observe(IoObserver ioObserver) {
        observer = ioObserver;
    }

    /**
     * Starts {@code engine} and runs it until it finishes, fails, or stops making progress; once {@code stop} is
     * requested (at any time, from any thread) it issues nothing more and returns when what is in flight is back.
     *
     * @param started runs on this thread once the jobs have started (their first IOs submitted)
     */
    public WorkloadResult run(WorkloadEngine workload, StopRequest stop, Runnable started) {
        if (Thread.currentThread() != workloadThread) {
            throw new IllegalStateException("run the workload on the thread that created its runner");
        }
        stop.wakeOnRequest(workloadThread);
        try {
            return runToEnd(workload, stop, started);
        } finally {
            stop.wakeOnRequest(null);
            workload.closeIologs();
        }
    }

    private WorkloadResult runToEnd(WorkloadEngine workload, StopRequest stop, Runnable started) {
        if (stop.requested()) {
            workload.interrupt();
        }
        workload.start();
        started.run();
        while (!workload.finished()) {
            if (stop.requested() && !workload.stopped()) {
                workload.interrupt();
                // Idle jobs end on the spot: look again before waiting for an arrival that will never be issued.
                continue;
            }
            boolean progressed = false;
            GuestIo io;
            while ((io = refused.poll()) != null || (io = completions.poll()) != null) {
                completed++;
                lastCompletionNs = io.completedNs;
                if (observer != null) {
                    observer.ioCompleted();
                }
                workload.completed(io);
                progressed = true;
            }
            long nowNs = clock.nanoTime();
            while (timers.pendingEvents() > 0 && timers.nextDueNs() - nowNs <= 0) {
                timers.runNext();
                progressed = true;
            }
            if (progressed) {
                continue;
            }
            long outstanding = submitted - completed;
            if (outstanding > 0 && observer != null && observer.excusesSilence()) {
                // A fault in force (a stall, a cut-off quorum) holds the IO back on purpose until its known end.
                lastCompletionNs = nowNs;
            }
            long hangDeadlineNs = lastCompletionNs + drainTimeoutNs;
            if (outstanding > 0 && nowNs - hangDeadlineNs > 0) {
                workload.fail("no IO completed within " + TimeUnit.NANOSECONDS.toMillis(drainTimeoutNs) + " ms ("
                        + outstanding + " outstanding)");
                break;
            }
            if (outstanding == 0 && timers.pendingEvents() == 0) {
                // Nothing outstanding and nothing scheduled, yet not finished: only a bug gets here.
                workload.fail("the workload stalled with nothing outstanding and nothing scheduled");
                break;
            }
            long wakeNs = hangDeadlineNs;
            if (timers.pendingEvents() > 0 && (outstanding == 0 || timers.nextDueNs() - hangDeadlineNs < 0)) {
                wakeNs = timers.nextDueNs();
            }
            awaitCompletionOr(wakeNs);
        }
        return workload.result();
    }

    private void awaitCompletionOr(long deadlineNs) {
        waiting = true;
        try {
            // Checked after announcing the wait: a completion offered before it was seen unparks us.
            if (!completions.isEmpty()) {
                return;
            }
            long remainingNs = deadlineNs - clock.nanoTime();
            if (remainingNs > PreciseDelay.SPIN_THRESHOLD_NS) {
                LockSupport.parkNanos(remainingNs - PreciseDelay.SPIN_THRESHOLD_NS);
            } else if (remainingNs > 0) {
                Thread.onSpinWait();
            }
        } finally {
            waiting = false;
        }
    }

    @Override
    public long nowNs() {
        return clock.nanoTime();
    }

    @Override
    public void schedule(long atNs, EventHandler handler, Object payload, long arg) {
        timers.schedule(Math.max(atNs, timers.nanoTime()), handler, payload, arg);
    }

    @Override
    public byte[] writeBuffer(int lengthBytes) {
        return guest.writeBuffer(lengthBytes);
    }

    @Override
    public boolean writeBuffersPooled() {
        return true;
    }

    @Override
    public void submit(GuestIo io) {
        if (submitted == completed) {
            // The hang clock starts when something is outstanding, not at the last completion before a pause.
            lastCompletionNs = clock.nanoTime();
        }
        submitted++;
        if (observer != null) {
            observer.ioSubmitted();
        }
        io.submitTo(guest);
    }

    /** On the upstairs core thread, or on the workload thread when the upstairs refuses an IO outright. */
    @Override
    public void ioCompleted(GuestIo io) {
        io.completedAt(clock.nanoTime());
        if (Thread.currentThread() == workloadThread) {
            refused.add(io);
            return;
        }
        completions.offer(io);
        if (waiting) {
            LockSupport.unpark(workloadThread);
        }
    }

    /**
     * Completed IOs from the upstairs core thread (the one producer) to the workload thread (the one
     * consumer). It never fills: an IO is in it at most once and there are at most capacity IOs.
     */
    static final class CompletionRing {
        private final AtomicReferenceArray<GuestIo> slots;
        private final int mask;
        private final AtomicLong head = new AtomicLong();
        private final AtomicLong tail = new AtomicLong();

        CompletionRing(int capacity) {
            int size = Integer.highestOneBit(Math.max(2, capacity) - 1) << 1;
            this.slots = new AtomicReferenceArray<>(size);
            this.mask = size - 1;
        }

        void offer(GuestIo io) {
            long t = tail.get();
            if (t - head.get() > mask) {
                throw new IllegalStateException("completion ring overflow: more IOs completed than were issued");
            }
            slots.lazySet((int) t & mask, io);
            // A volatile write, so that a consumer announcing a wait and then checking isEmpty sees it.
            tail.set(t + 1);
        }

        GuestIo poll() {
            long h = head.get();
            if (h == tail.get()) {
                return null;
            }
            GuestIo io = slots.get((int) h & mask);
            slots.lazySet((int) h & mask, null);
            head.lazySet(h + 1);
            return io;
        }

        boolean isEmpty() {
            return head.get() == tail.get();
        }
    }
}
