package dev.cruciblesim.bench.fault;

import dev.cruciblesim.bench.workload.IoObserver;
import dev.cruciblesim.downstairs.DownstairsFaults;
import dev.cruciblesim.tracing.probe.Probe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a scenario's faults against a live volume: starts each at its time after activation or after its number of
 * guest IOs, ends it after its duration, fires {@code crucible_sim_fault:::fault-start} and {@code fault-end}, and
 * records what it overlapped. Both runtimes use it; what differs is the {@link FaultTarget} (simulated links or real
 * connections; the same {@link DownstairsFaults} switches) and the {@link FaultTimer} (events, or a thread).
 *
 * <p>Overlapping faults of one client combine: the switches are recomputed from every fault in force at each start
 * and end (the largest slow factor, the largest error or corruption probability, the latest stall end; the
 * connection is down while any disconnect lasts), so the order faults end in never leaves one switched on.
 *
 * <p>Threads: every start and end runs on the timer's thread. {@link #ioSubmitted} and {@link #ioCompleted} come
 * from the workload's thread (the same one in virtual time) and only count; a start after a number of IOs is handed
 * to the timer. When the workload is done, {@link #finish} drops the faults that have not started and ends those
 * that only shape IO; a disconnect or stall in force runs to its end, which the harness waits for
 * ({@link #awaitEnded}, or {@link #activeCount} in virtual time).
 */
public final class FaultInjector implements IoObserver {
    private final List<FaultSpec> faults;
    private final FaultTarget target;
    private final FaultTimer timer;
    private final Probe startProbe;
    private final Probe endProbe;
    private final AtomicLong submitted = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    /** The after_ios faults by threshold, and the next one to reach; the workload's thread only. */
    private final FaultSpec[] byIoThreshold;
    private int nextByIos;

    // The timer's thread only, except where the monitor guards them.
    private final long[] startNs;
    private final long[] endNs;
    private final long[] inFlightAtStart;
    private final long[] submittedAtStart;
    private final long[] overlapping;
    private final boolean[] active;
    private final boolean[] disconnected = new boolean[FaultSpec.CLIENT_COUNT];
    private int activeCount;
    private boolean finishing;
    private long activatedNs = -1;

    /** @param startProbe the fault-start probe, @param endProbe the fault-end probe */
    public FaultInjector(List<FaultSpec> faults, FaultTarget target, FaultTimer timer, Probe startProbe,
            Probe endProbe) {
        this.faults = List.copyOf(faults);
        this.target = Objects.requireNonNull(target, "target");
        this.timer = Objects.requireNonNull(timer, "timer");
        this.startProbe = Objects.requireNonNull(startProbe, "startProbe");
        this.endProbe = Objects.requireNonNull(endProbe, "endProbe");
        int n = this.faults.size();
        startNs = new long[n];
        endNs = new long[n];
        Arrays.fill(startNs, -1);
        Arrays.fill(endNs, -1);
        inFlightAtStart = new long[n];
        submittedAtStart = new long[n];
        overlapping = new long[n];
        active = new boolean[n];
        byIoThreshold = this.faults.stream().filter(f -> !f.timed())
                .sorted(Comparator.comparingLong(FaultSpec::afterIos).thenComparingInt(FaultSpec::id))
                .toArray(FaultSpec[]::new);
        for (int i = 0; i < this.faults.size(); i++) {
            if (this.faults.get(i).id() != i) {
                throw new IllegalArgumentException("fault " + i + " has id " + this.faults.get(i).id()
                        + "; ids are list indexes");
            }
        }
        for (FaultSpec fault : this.faults) {
            if (fault.kind().reach() == FaultKind.Reach.CORE && target.downstairsFaults(fault.clientId()) == null) {
                throw new IllegalArgumentException("fault " + fault.id() + ": " + fault.kind().yamlName()
                        + " acts inside downstairs " + fault.clientId() + ", which this run cannot reach");
            }
        }
    }

    /** The volume is active: the timed faults are scheduled from now. Call it on the timer's thread or before. */
    public void activated() {
        long nowNs = timer.nowNs();
        activatedNs = nowNs;
        for (FaultSpec fault : faults) {
            if (fault.timed()) {
                timer.schedule(nowNs + fault.atNs(), () -> start(fault));
            }
        }
    }

    /** @return when the volume went active on the run's clock, the origin of the report's fault times */
    public long activatedNs() {
        return activatedNs;
    }

    /** A guest IO was handed to the upstairs; on the workload's thread. */
    @Override
    public void ioSubmitted() {
        long count = submitted.incrementAndGet();
        while (nextByIos < byIoThreshold.length && byIoThreshold[nextByIos].afterIos() <= count) {
            FaultSpec fault = byIoThreshold[nextByIos++];
            timer.schedule(timer.nowNs(), () -> start(fault));
        }
    }

    /** A guest IO completed; on the workload's thread. */
    @Override
    public void ioCompleted() {
        completed.incrementAndGet();
    }

    /**
     * The workload is done: faults yet to start never will. A disconnect, stall or kill in force runs to its end, since
     * what it holds back (a client's replay, its replies) is part of the run; a slow, errors or corrupt fault ends
     * now, having no guest IO left to act on.
     */
    public void finish() {
        timer.schedule(timer.nowNs(), () -> {
            synchronized (this) {
                finishing = true;
            }
            for (FaultSpec fault : faults) {
                if (!fault.kind().runsToItsEnd() && isActive(fault)) {
                    end(fault);
                }
            }
            synchronized (this) {
                notifyAll();
            }
        });
    }

    private synchronized boolean isActive(FaultSpec fault) {
        return active[fault.id()];
    }

    /** A disconnect, stall or kill in force may leave guest IO unanswered (two down refuse writes, not hang). */
    @Override
    public synchronized boolean excusesSilence() {
        return activeCount > 0;
    }

    /** @return how many faults are in force now; on the timer's thread (virtual time) */
    public synchronized int activeCount() {
        return activeCount;
    }

    /**
     * Real time: waits until {@link #finish} has been handled and no fault is in force, or until the deadline.
     *
     * @return whether that happened before the deadline
     */
    public synchronized boolean awaitEnded(long deadlineNs) throws InterruptedException {
        while (!finishing || activeCount > 0) {
            long waitNs = deadlineNs - System.nanoTime();
            if (waitNs <= 0) {
                return false;
            }
            wait(Math.max(1, waitNs / 1_000_000), 0);
        }
        return true;
    }

    private void start(FaultSpec fault) {
        int id = fault.id();
        synchronized (this) {
            if (finishing || startNs[id] >= 0) {
                return;
            }
            long nowNs = timer.nowNs();
            startNs[id] = nowNs;
            long inFlight = submitted.get() - completed.get();
            inFlightAtStart[id] = inFlight;
            submittedAtStart[id] = submitted.get();
            active[id] = true;
            activeCount++;
        }
        startProbe.fire(id, fault.clientId(), fault.kind().yamlName());
        if (fault.kind() == FaultKind.RESTART) {
            // Instant here: the kill, and the start of a new process, whose JVM comes up on a thread of its own.
            try {
                target.restart(fault.clientId());
            } finally {
                end(fault);
            }
            return;
        }
        // The end first: an action that throws must not leave its fault in force for good.
        if (fault.ends()) {
            timer.schedule(startNs[id] + fault.durationNs(), () -> end(fault));
        }
        if (fault.kind() == FaultKind.KILL) {
            target.kill(fault.clientId());
        } else {
            applySwitches(fault.clientId());
        }
    }

    private void end(FaultSpec fault) {
        int id = fault.id();
        synchronized (this) {
            if (!active[id]) {
                return; // ended early by finish(): its timer fires for nothing
            }
            active[id] = false;
            endNs[id] = timer.nowNs();
            overlapping[id] = inFlightAtStart[id] + submitted.get() - submittedAtStart[id];
            activeCount--;
        }
        if (fault.kind() == FaultKind.KILL) {
            target.restart(fault.clientId());
        } else if (fault.kind() != FaultKind.RESTART) {
            applySwitches(fault.clientId());
        }
        endProbe.fire(id, fault.clientId(), fault.kind().yamlName());
        synchronized (this) {
            notifyAll();
        }
    }

    /** Sets client {@code clientId}'s switches and connection from every fault of it in force now. */
    private void applySwitches(int clientId) {
        double slowFactor = 1.0;
        double errorProbability = 0.0;
        double corruptProbability = 0.0;
        long stallEndNs = Long.MIN_VALUE;
        boolean down = false;
        synchronized (this) {
            for (FaultSpec fault : faults) {
                if (fault.clientId() != clientId || !active[fault.id()]) {
                    continue;
                }
                switch (fault.kind()) {
                    case DISCONNECT -> down = true;
                    case STALL -> {
                        long endsNs = startNs[fault.id()] + fault.durationNs();
                        stallEndNs = stallEndNs == Long.MIN_VALUE ? endsNs : Math.max(stallEndNs, endsNs);
                    }
                    case SLOW -> slowFactor = Math.max(slowFactor, fault.factor());
                    case ERRORS -> errorProbability = Math.max(errorProbability, fault.probability());
                    case CORRUPT -> corruptProbability = Math.max(corruptProbability, fault.probability());
                    default -> {
                        // A process's faults act on the process, not on switches.
                    }
                }
            }
        }
        DownstairsFaults switches = target.downstairsFaults(clientId);
        if (switches != null) {
            switches.slow(slowFactor);
            switches.errors(errorProbability);
            switches.corruptReads(corruptProbability);
            switches.stallUntil(stallEndNs);
        }
        if (down != disconnected[clientId]) {
            disconnected[clientId] = down;
            if (down) {
                target.disconnect(clientId, "downstairs client " + clientId + ": connection cut (injected fault)");
            } else {
                target.reconnect(clientId);
            }
        }
    }

    /** @return what became of each fault, in the scenario's order; once the run is over */
    public synchronized List<FaultRecord> records() {
        List<FaultRecord> records = new ArrayList<>(faults.size());
        for (FaultSpec fault : faults) {
            int id = fault.id();
            long end = endNs[id];
            long overlap = endNs[id] >= 0 ? overlapping[id]
                    : startNs[id] >= 0 ? inFlightAtStart[id] + submitted.get() - submittedAtStart[id] : 0;
            records.add(new FaultRecord(fault, startNs[id], end, inFlightAtStart[id], overlap));
        }
        return List.copyOf(records);
    }
}
