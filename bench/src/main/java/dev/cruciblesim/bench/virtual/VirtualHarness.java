package dev.cruciblesim.bench.virtual;

import dev.cruciblesim.bench.fault.FaultInjector;
import dev.cruciblesim.bench.fault.FaultTarget;
import dev.cruciblesim.bench.fault.FaultTimer;
import dev.cruciblesim.bench.harness.Harness;
import dev.cruciblesim.bench.harness.RunOutcome;
import dev.cruciblesim.bench.harness.RunScripts;
import dev.cruciblesim.bench.harness.RunSetup;
import dev.cruciblesim.bench.harness.VolumeAssembly;
import dev.cruciblesim.bench.scenario.DownstairsModel;
import dev.cruciblesim.bench.scenario.HlogInterval;
import dev.cruciblesim.bench.scenario.Scenario;
import dev.cruciblesim.bench.scenario.ServiceTime;
import dev.cruciblesim.bench.workload.GuestIo;
import dev.cruciblesim.bench.workload.IologSink;
import dev.cruciblesim.bench.workload.JobSpec;
import dev.cruciblesim.bench.workload.StopRequest;
import dev.cruciblesim.bench.workload.WorkloadEngine;
import dev.cruciblesim.bench.workload.WorkloadPort;
import dev.cruciblesim.bench.workload.WorkloadResult;
import dev.cruciblesim.downstairs.DownstairsFaults;
import dev.cruciblesim.downstairs.runtime.SimulatedDownstairs;
import dev.cruciblesim.sim.event.EventHandler;
import dev.cruciblesim.sim.event.EventScheduler;
import dev.cruciblesim.sim.latency.LatencyModel;
import dev.cruciblesim.sim.protocol.RegionDefinition;
import dev.cruciblesim.sim.time.SaturatingTime;
import dev.cruciblesim.tracing.d.DScript;
import dev.cruciblesim.tracing.metrics.MetricInterval;
import dev.cruciblesim.tracing.report.DTraceReport;
import dev.cruciblesim.upstairs.core.UpstairsCore;
import dev.cruciblesim.upstairs.core.UpstairsInput;
import dev.cruciblesim.upstairs.core.UpstairsListener;
import dev.cruciblesim.upstairs.runtime.SimulatedUpstairs;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongUnaryOperator;

/**
 * One run in virtual time: the same upstairs and downstairs cores as real time, on one thread,
 * driven by an {@link EventScheduler}. The volume is built by {@link VolumeAssembly} on a
 * {@link SimulatedRuntime} (simulated links and disks whose delays come from the scenario's latency
 * models, each drawing from its own named seed stream); this class runs the timers, the workload
 * and the drain. Nothing here reads the wall clock except the speed note for stderr, so a scenario
 * and seed give the same reports on any machine.
 */
public final class VirtualHarness implements Harness {
    /** The virtual clock's first reading, 1 s: D scripts treat a timestamp of 0 as unset. */
    public static final long START_NS = 1_000_000_000L;
    /**
     * A run limited only by its duration whose clock stands still for this many events has models
     * that take no time (e.g. all constant 0): stop it rather than queue work forever.
     */
    static final long MAX_EVENTS_AT_ONE_INSTANT = 1_000_000L;

    private final Scenario scenario;
    private final Consumer<List<MetricInterval>> intervals;
    private final IologSink iologSink;
    private final VolumeAssembly.Stores stores;
    private final RunScripts scripts;

    /**
     * @param intervals receives each interval's metric histograms, in order, for the .hlog; the
     *                  histograms are reused once it returns, so it must copy what it keeps
     * @param iologSink where each job's issued IO stream is written as a fio iolog, or null for nowhere
     */
    public VirtualHarness(Scenario scenario, Consumer<List<MetricInterval>> intervals, IologSink iologSink) {
        this(scenario, intervals, iologSink, VolumeAssembly.Stores.IN_MEMORY);
    }

    /** @param stores makes each downstairs' store (tests substitute faulty ones) */
    public VirtualHarness(Scenario scenario, Consumer<List<MetricInterval>> intervals, IologSink iologSink,
            VolumeAssembly.Stores stores) {
        this(scenario, intervals, iologSink, stores, RunScripts.NONE);
    }

    /**
     * @param scripts the user's D scripts, compiled for this run (each runs once): enabled after the reports, their
     *                timers ticking on the simulated clock, an {@code exit()} ending the run as a stop request does
     */
    public VirtualHarness(Scenario scenario, Consumer<List<MetricInterval>> intervals, IologSink iologSink,
            RunScripts scripts) {
        this(scenario, intervals, iologSink, VolumeAssembly.Stores.IN_MEMORY, scripts);
    }

    /** @param scripts as in {@link #VirtualHarness(Scenario, Consumer, IologSink, RunScripts)} */
    public VirtualHarness(Scenario scenario, Consumer<List<MetricInterval>> intervals, IologSink iologSink,
            VolumeAssembly.Stores stores, RunScripts scripts) {
        this.scenario = scenario;
        this.intervals = intervals;
        this.iologSink = iologSink;
        this.stores = stores;
        this.scripts = scripts;
    }

    /**
     * @return why {@code scenario} could not end in virtual time, or null when it can: a run limited
     *         only by its duration needs something that takes simulated time
     */
    public static String whyItCannotEnd(Scenario scenario) {
        if (takesTime(scenario.upstairs().processing())) {
            return null;
        }
        List<JobSpec> jobs = scenario.workload().jobs();
        for (int i = 0; i < jobs.size(); i++) {
            JobSpec job = jobs.get(i);
            // A job bounded by a count or a trace ends; an open loop's schedule moves the clock itself.
            if (job.numberIos() > 0 || job.replay() != null || job.openLoop() || jobTakesTime(scenario, job)) {
                continue;
            }
            String path = jobs.size() == 1 ? "workload" : "workload.jobs[" + i + "]";
            return path + ": in virtual time nothing job " + job.name() + " does takes time (no link or processing "
                    + "model, and no service time for the operations it issues), so a run limited only by its "
                    + "runtime would never end; add latency models, a rate_iops, or set number_ios";
        }
        return null;
    }

    private static boolean jobTakesTime(Scenario scenario, JobSpec job) {
        long ioSizeBytes = job.blockSizes().minBytes();
        for (DownstairsModel model : scenario.downstairs()) {
            if (takesTime(model.toDownstairs()) || takesTime(model.toUpstairs())
                    || (job.reads() && takesTime(model.read(), ioSizeBytes))
                    || (job.writes() && takesTime(model.write(), ioSizeBytes))
                    || (job.flushes() && takesTime(model.flush(), 0))) {
                return true;
            }
        }
        return false;
    }

    private static boolean takesTime(LatencyModel model) {
        return model != null && model.meanNs() > 0;
    }

    private static boolean takesTime(ServiceTime serviceTime, long ioSizeBytes) {
        return serviceTime != null && (takesTime(serviceTime.fixed()) || serviceTime.perByteNs() * ioSizeBytes > 0);
    }

    @Override
    public RunOutcome execute(PrintWriter err) {
        // Declared here again, without the interface's InterruptedException: virtual time never waits.
        return execute(err, new StopRequest());
    }

    @Override
    public RunOutcome execute(PrintWriter err, StopRequest stop) {
        return new Run(err, stop).run();
    }

    private final class Run implements UpstairsListener, WorkloadPort, EventHandler {
        private final PrintWriter err;
        private final StopRequest stop;
        private final EventScheduler scheduler = new EventScheduler(START_NS);
        private final RegionDefinition region = scenario.volume();
        private final List<String> failures = new ArrayList<>();
        private final VolumeAssembly.Volume<SimulatedUpstairs, SimulatedDownstairs> volume;
        private final SimulatedUpstairs upstairs;
        private final SimulatedRuntime runtime;
        /** The scenario's faults, run on the scheduler; null without faults. */
        private final FaultInjector faults;
        private RunSetup.EnabledReports enabled;
        private WorkloadEngine workload;
        private long lastSampleNs = START_NS;
        /** When the run last waited for an arrival with nothing owed: progress, as far as the hang check goes. */
        private long waitingSinceNs = START_NS;
        private boolean draining;
        private boolean stopped;

        Run(PrintWriter err, StopRequest stop) {
            this.err = err;
            this.stop = stop;
            this.runtime = new SimulatedRuntime(scheduler, this);
            this.volume = VolumeAssembly.assemble(scenario, runtime, stores);
            this.upstairs = volume.upstairs();
            this.faults = volume.faultInjector(new FaultTarget() {
                @Override
                public void disconnect(int clientId, String reason) {
                    runtime.disconnect(upstairs, clientId);
                }

                @Override
                public void reconnect(int clientId) {
                    runtime.reconnect(upstairs, clientId);
                }

                @Override
                public void kill(int clientId) {
                    throw new UnsupportedOperationException("virtual time simulates its downstairs: none to kill");
                }

                @Override
                public void restart(int clientId) {
                    throw new UnsupportedOperationException("virtual time simulates its downstairs: none to restart");
                }

                @Override
                public DownstairsFaults downstairsFaults(int clientId) {
                    return volume.downstairsFaults().isEmpty() ? null : volume.downstairsFaults().get(clientId);
                }
            }, new FaultTimer() {
                @Override
                public long nowNs() {
                    return scheduler.nanoTime();
                }

                @Override
                public void schedule(long atNs, Runnable action) {
                    scheduler.schedule(atNs, (payload, arg) -> action.run(), null, 0);
                }
            });
        }

        RunOutcome run() {
            UpstairsCore core = upstairs.core();
            // After the components, so that dtrace's "matched N probes" counts their probes, as in real time.
            // walltimestamp reads the simulated clock, from a fixed date, so that a script's output repeats.
            scripts.useSimulatedClock(scheduler, START_NS);
            // Called on this thread, between events: the loop sees the request at its next step, as for ^C.
            scripts.stopOnExit(stop::request);
            enabled = volume.enableReports(err, scripts);
            startTimers();
            // One input event for both, as virtual time has always simulated the start (real time
            // publishes two): a second processing draw would shift every later one.
            upstairs.deliverTogether(UpstairsInput.CONNECT, UpstairsInput.ACTIVATE);

            // CPU time beside wall time: on a shared machine the wall time is the other processes' too.
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long cpuStartNs = threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : -1;
            long wallStartNs = System.nanoTime();
            try {
                loop(core);
            } finally {
                if (workload != null) {
                    workload.closeIologs();
                }
            }
            long wallNs = System.nanoTime() - wallStartNs;
            long cpuNs = cpuStartNs < 0 ? -1 : threads.getCurrentThreadCpuTime() - cpuStartNs;

            intervals.accept(enabled.metrics().sampleInterval(lastSampleNs, scheduler.nanoTime()));
            List<DTraceReport> reports = enabled.finish(stop.requested());
            if (core.fatalError() != null && !failures.contains(core.fatalError())) {
                failures.add(core.fatalError());
            }
            WorkloadResult result = workload == null ? null : workload.result();
            if (result != null) {
                RunSetup.addWorkloadFailures(result, failures);
            }
            String status = core.statusJson();
            double wallSeconds = wallNs / 1e9;
            long ios = result == null ? 0 : result.totalIos();
            String note = String.format(Locale.ROOT,
                    "crucible-sim: simulated %d IOs (%d events, %d of them timed, %d at the instant they were"
                            + " scheduled) in %.3f s of wall time = %.0f simulated IOs per wall second%s", ios,
                    scheduler.eventsRun(), scheduler.eventsRun() - scheduler.sameInstantEventsRun(),
                    scheduler.sameInstantEventsRun(), wallSeconds,
                    wallSeconds > 0 ? ios / wallSeconds : 0.0,
                    cpuNs <= 0 ? "" : String.format(Locale.ROOT, " (%.3f s of this thread's CPU = %.0f per CPU second)",
                            cpuNs / 1e9, ios / (cpuNs / 1e9)));
            // Only a stop that cut the workload short: one that came after it finished changed nothing.
            boolean interrupted = workload != null && workload.interrupted();
            String summary = RunSetup.summarize(scenario, result, status, "virtual", interrupted, failures);
            List<Map<String, Object>> faultJson = new ArrayList<>();
            if (faults != null) {
                summary = RunSetup.withFaults(summary, faults.records(), faults.activatedNs(), faultJson);
            }
            return new RunOutcome(reports, result, status, summary, failures, enabled.metrics().summaries(),
                    note, interrupted, faultJson, Map.of());
        }

        private void startTimers() {
            every(scenario.upstairs().flushTimeoutNs(), () -> upstairs.deliver(UpstairsInput.FLUSH_CHECK));
            every(scenario.upstairs().statusIntervalNs(), () -> upstairs.deliver(UpstairsInput.STATUS_TICK));
            HlogInterval hlogInterval = scenario.output().hlogInterval();
            every(dueNs -> hlogInterval.endNs(START_NS, dueNs), () -> {
                long nowNs = scheduler.nanoTime();
                List<MetricInterval> sampled = enabled.metrics().sampleInterval(lastSampleNs, nowNs);
                intervals.accept(sampled);
                // The sink has written them (see the constructor): their histograms can be reused.
                enabled.metrics().recycle(sampled);
                lastSampleNs = nowNs;
            });
            // The scripts' tick-N and profile-N probes, on the simulated clock: the same firings every run.
            for (DScript script : scripts.consumers()) {
                for (DScript.Timer timer : script.timers()) {
                    every(timer.intervalNs(), () -> script.fireTimer(timer.probeName(), scheduler.nanoTime()));
                }
            }
        }

        /** A fixed-rate timer, first firing one period after the start, as the real-time timers do. */
        private void every(long periodNs, Runnable action) {
            every(dueNs -> SaturatingTime.plus(dueNs, periodNs), action);
        }

        /**
         * A timer that first fires at {@code next.applyAsLong(START_NS)} and then at {@code next}
         * of the time it was due, so that its firings never drift, whatever ran at the same instant.
         */
        private void every(LongUnaryOperator next, Runnable action) {
            EventHandler tick = new EventHandler() {
                @Override
                public void onEvent(Object payload, long arg) {
                    action.run();
                    long nextNs = next.applyAsLong(arg);
                    scheduler.schedule(nextNs, this, null, nextNs);
                }
            };
            long firstNs = next.applyAsLong(START_NS);
            scheduler.schedule(firstNs, tick, null, firstNs);
        }

        private void loop(UpstairsCore core) {
            long instantNs = scheduler.nanoTime();
            long eventsAtInstant = 0;
            while (!stopped) {
                if (workload != null && !workload.stopped() && !workload.finished() && stop.requested()) {
                    // Between events, on the scheduler's thread, as every other input to the workload arrives.
                    workload.interrupt();
                }
                if (!scheduler.runNext()) {
                    failures.add("the simulation stalled: no events left with "
                            + core.guestIosOutstanding() + " guest IOs outstanding");
                    return;
                }
                if (scheduler.nanoTime() == SaturatingTime.END_NS) {
                    // Delays that add up past the clock's end all land on it: nothing after this is measured.
                    failures.add("virtual time ran out: the latency models' delays add up past the clock's end, "
                            + SaturatingTime.END_NS + " ns (about 292 years); " + core.guestIosOutstanding()
                            + " guest IOs outstanding");
                    return;
                }
                // Asked only where it decides something: not a monitor per event.
                if (draining && quiet(core) && !faultsInForce()) {
                    return;
                }
                long sinceProgressNs = scheduler.nanoTime() - lastProgressNs();
                if (sinceProgressNs > scenario.drainTimeoutNs() && faultsInForce()) {
                    // A downstairs cut off or stalled on purpose is not a hang: its fault ends at a known time.
                    waitingSinceNs = scheduler.nanoTime();
                } else if (sinceProgressNs > scenario.drainTimeoutNs() && idle(core) && workload != null
                        && workload.awaitingArrival()) {
                    // Nothing is owed a reply and a job waits for its next arrival (a replay's pause, a slow
                    // open loop): waiting is not hanging.
                    waitingSinceNs = scheduler.nanoTime();
                } else if (sinceProgressNs > scenario.drainTimeoutNs()) {
                    failures.add("no downstairs replied in " + scenario.drainTimeoutNs() / 1_000_000
                            + " ms of virtual time (drain_timeout); " + core.guestIosOutstanding()
                            + " guest IOs outstanding, state " + core.statusJson());
                    return;
                }
                if (scheduler.nanoTime() != instantNs) {
                    instantNs = scheduler.nanoTime();
                    eventsAtInstant = 0;
                } else if (++eventsAtInstant > MAX_EVENTS_AT_ONE_INSTANT && scenario.workload().endsOnlyByRuntime()) {
                    failures.add("virtual time stood still for " + MAX_EVENTS_AT_ONE_INSTANT + " events: no latency"
                            + " model takes time; give links or service times a model");
                    return;
                }
            }
        }

        /**
         * @return when the run last moved: the last reply from any downstairs, the last time it waited
         *         for an arrival with nothing owed, or the start. Replies,
         *         not guest completions: after the final flush a slow downstairs may still be working
         *         through a long backlog that no guest waits for.
         */
        private long lastProgressNs() {
            long lastReplyNs = upstairs.lastReplyNs();
            return waitingSinceNs - lastReplyNs > 0 ? waitingSinceNs : lastReplyNs;
        }

        private boolean faultsInForce() {
            return faults != null && faults.activeCount() > 0;
        }

        /** @return true when no guest IO is outstanding and no downstairs owes a reply */
        private boolean idle(UpstairsCore core) {
            return core.guestIosOutstanding() == 0 && quiet(core);
        }

        private boolean quiet(UpstairsCore core) {
            for (int c = 0; c < UpstairsCore.CLIENT_COUNT; c++) {
                if (core.inFlight(c) > 0 || volume.downstairs().get(c).core().isBusy()) {
                    return false;
                }
                // A client a fault cut off is coming back: its replay is part of the run.
                if (faults != null && core.dsState(c).isComingBack()) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public void onActive(RegionDefinition activeRegion) {
            err.printf("crucible-sim: volume of %s active on 3 simulated downstairs (virtual time, seed %d)%n",
                    activeRegion, scenario.seed());
            err.flush();
            workload = new WorkloadEngine(scenario.workload(), region, scenario.payload(), volume.streams(), this,
                    volume.jobProbes(), iologSink, this::finalFlush);
            if (faults != null) {
                faults.activated();
            }
            // Not from inside the core, which is telling us it is active: the first IOs go in an event of their own.
            scheduler.scheduleNow((payload, arg) -> workload.start(), null, 0);
        }

        // ------------------------------------------------------------ the workload's port

        @Override
        public long nowNs() {
            return scheduler.nanoTime();
        }

        @Override
        public void schedule(long atNs, EventHandler handler, Object payload, long arg) {
            scheduler.schedule(atNs, handler, payload, arg);
        }

        @Override
        public void submit(GuestIo io) {
            if (faults != null) {
                faults.ioSubmitted();
            }
            upstairs.deliver(io);
        }

        @Override
        public void ioCompleted(GuestIo io) {
            io.completedAt(scheduler.nanoTime());
            // Not from inside the core's callback: the engine may issue the next IO, in an event of its own.
            scheduler.scheduleNow(this, io, 0);
        }

        /** A completion, handed to the engine. */
        @Override
        public void onEvent(Object payload, long arg) {
            if (faults != null) {
                faults.ioCompleted();
            }
            workload.completed((GuestIo) payload);
        }

        private void finalFlush() {
            if (faults != null) {
                faults.finish();
            }
            upstairs.deliver(UpstairsInput.flush(error -> {
                if (error != null) {
                    failures.add("final flush failed: " + error);
                }
                draining = true;
            }));
        }

        @Override
        public void onFatal(String message) {
            if (!failures.contains(message)) {
                failures.add(message);
            }
            if (workload != null) {
                workload.fail(message);
            }
            stopped = true;
        }
    }
}
