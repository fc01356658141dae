package dev.cruciblesim.bench.harness;

import dev.cruciblesim.bench.fault.FaultInjector;
import dev.cruciblesim.bench.fault.FaultKind;
import dev.cruciblesim.bench.fault.FaultTarget;
import dev.cruciblesim.bench.fault.ThreadFaultTimer;
import dev.cruciblesim.bench.scenario.HlogInterval;
import dev.cruciblesim.bench.scenario.Scenario;
import dev.cruciblesim.bench.workload.IologSink;
import dev.cruciblesim.bench.workload.JobSpec;
import dev.cruciblesim.bench.workload.RealTimeWorkloadRunner;
import dev.cruciblesim.bench.workload.StopRequest;
import dev.cruciblesim.bench.workload.WorkloadEngine;
import dev.cruciblesim.bench.workload.WorkloadResult;
import dev.cruciblesim.downstairs.DownstairsFaults;
import dev.cruciblesim.downstairs.region.RegionException;
import dev.cruciblesim.sim.protocol.RegionDefinition;
import dev.cruciblesim.sim.time.NanoClock;
import dev.cruciblesim.sim.time.SystemNanoClock;
import dev.cruciblesim.sim.transport.tcp.TlsSettings;
import dev.cruciblesim.tracing.metrics.MetricInterval;
import dev.cruciblesim.tracing.metrics.MetricRecorder;
import dev.cruciblesim.tracing.report.DTraceReport;
import dev.cruciblesim.upstairs.core.UpstairsCore;
import dev.cruciblesim.upstairs.runtime.UpstairsRuntime;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * One run in real time: an upstairs and three downstairs in this JVM, each on its own thread, the
 * reports enabled on their probes, and the workload's jobs issued from the calling thread.
 * The volume is built by {@link VolumeAssembly} on a {@link ThreadedRuntime}: the scenario's latency
 * models become real delays, link delays on a delay-line thread, service times on each downstairs'
 * thread, processing on the upstairs core thread. This class runs the workload and the drain.
 *
 * <p>Seed streams are named as in virtual time, but only the workload's op and offset choices
 * and the delays' values come from them: which IO meets which delay depends on thread timing.
 */
public final class InProcessHarness implements Harness {
    private static final long DRAIN_POLL_NS = TimeUnit.MICROSECONDS.toNanos(200);

    private final Scenario scenario;
    private final Consumer<List<MetricInterval>> intervals;
    private final IologSink iologSink;
    private final Path dataDirectory;
    private final RemoteRegions remoteDownstairs;
    private final TlsSettings tls;
    private final RunScripts scripts;
    private final NanoClock clock = SystemNanoClock.INSTANCE;

    /**
     * @param intervals receives each interval's metric histograms, in order, on a sampler thread
     * @param iologSink where each job's issued IO stream is written as a fio iolog, or null for nowhere
     */
    public InProcessHarness(Scenario scenario, Consumer<List<MetricInterval>> intervals, IologSink iologSink) {
        this(scenario, intervals, iologSink, null, null);
    }

    /**
     * @param dataDirectory    where each downstairs keeps its region on disk ({@link FileStores}), or null for
     *                         regions in memory
     * @param remoteDownstairs the running servers to connect to over TCP, one per client, and the regions they serve
     *                         ({@link ThreadedRuntime#remote}), or null for downstairs this run starts
     */
    public InProcessHarness(Scenario scenario, Consumer<List<MetricInterval>> intervals, IologSink iologSink,
            Path dataDirectory, RemoteRegions remoteDownstairs) {
        this(scenario, intervals, iologSink, dataDirectory, remoteDownstairs, null);
    }

    /**
     * @param tls secures the TCP connections (the servers this run starts use the same stores), or null for plain
     *            TCP; only for {@code transport: tcp} or remote downstairs
     * @throws IllegalArgumentException for TLS with in-process downstairs
     */
    public InProcessHarness(Scenario scenario, Consumer<List<MetricInterval>> intervals, IologSink iologSink,
            Path dataDirectory, RemoteRegions remoteDownstairs, TlsSettings tls) {
        this(scenario, intervals, iologSink, dataDirectory, remoteDownstairs, tls, RunScripts.NONE);
    }

    /**
     * @param scripts the user's D scripts, compiled for this run (each runs once): enabled after the reports, their
     *                timers firing from a timer thread on the wall clock, an {@code exit()} ending the run as a stop
     *                request does
     */
    public InProcessHarness(Scenario scenario, Consumer<List<MetricInterval>> intervals, IologSink iologSink,
            Path dataDirectory, RemoteRegions remoteDownstairs, TlsSettings tls, RunScripts scripts) {
        if (tls != null && scenario.transport().equals(Scenario.TRANSPORT_PROCESSES)) {
            throw new IllegalArgumentException("TLS with downstairs processes the harness starts is not supported: "
                    + "start them with 'downstairs run' and TLS options, and use --downstairs");
        }
        if (tls != null && remoteDownstairs == null && !scenario.transport().equals(Scenario.TRANSPORT_TCP)) {
            throw new IllegalArgumentException("TLS secures TCP connections; in-process downstairs have none");
        }
        this.tls = tls;
        this.scenario = scenario;
        this.intervals = intervals;
        this.iologSink = iologSink;
        this.dataDirectory = dataDirectory;
        this.remoteDownstairs = remoteDownstairs;
        this.scripts = scripts;
    }

    @Override
    public RunOutcome execute(PrintWriter err, StopRequest stop) throws InterruptedException {
        RegionDefinition region = scenario.volume();
        long drainTimeoutMs = TimeUnit.NANOSECONDS.toMillis(scenario.drainTimeoutNs());
        List<String> failures = new ArrayList<>();
        WorkloadResult result = null;
        WorkloadEngine workload = null;
        String status = "";
        boolean overTcp = scenario.transport().equals(Scenario.TRANSPORT_TCP);
        DownstairsProcesses processes = null;
        RemoteRegions remote = remoteDownstairs;
        if (scenario.transport().equals(Scenario.TRANSPORT_PROCESSES)) {
            try {
                processes = DownstairsProcesses.start(region, dataDirectory, UpstairsCore.CLIENT_COUNT);
                remote = RemoteRegions.of(processes.addresses(), tls);
            } catch (IOException | UncheckedIOException e) {
                if (processes != null) {
                    processes.close();
                }
                failures.add("cannot start the downstairs processes: " + e.getMessage());
                return new RunOutcome(List.of(), null, "", RunSetup.summarize(scenario, null, "", "real", false,
                        failures), failures, List.of(), null, false, List.of(), Map.of());
            }
        }
        ThreadedRuntime runtime = remote != null ? ThreadedRuntime.remote(remote, tls)
                : new ThreadedRuntime(overTcp ? ThreadedRuntime.Transport.TCP : ThreadedRuntime.Transport.IN_PROCESS,
                        tls);
        runtime.waitStrategy(scenario.runtime().waitStrategy());
        if (scenario.faults().stream().anyMatch(f -> f.kind() == FaultKind.DISCONNECT)) {
            runtime.gateConnections();
        }
        UpstairsRuntime upstairs = null;
        RunSetup.EnabledReports enabled = null;
        MetricSampler sampler = null;
        ScriptTimers scriptTimers = null;
        // With processes, --data holds their regions; they keep them themselves.
        FileStores files = dataDirectory == null || processes != null ? null : new FileStores(dataDirectory);
        List<Throwable> faultFailures = new CopyOnWriteArrayList<>();
        ThreadFaultTimer faultTimer = scenario.faults().isEmpty() ? null
                : new ThreadFaultTimer(clock, faultFailures::add);
        FaultInjector faults = null;
        long activatedNs = 0;
        Map<String, Long> cpuTimeNs = Map.of();
        long cpuWallNs = 0;
        try {
            VolumeAssembly.Volume<UpstairsRuntime, RealTimeDownstairs> volume = VolumeAssembly.assemble(scenario,
                    runtime, files == null ? VolumeAssembly.Stores.IN_MEMORY_OWN_BLOCKS : files);
            upstairs = volume.upstairs();
            faults = volume.faultInjector(faultTarget(runtime, volume, processes, faultFailures::add), faultTimer);
            // The listener runs on the firing thread (a component's); a stop request never blocks it.
            scripts.stopOnExit(stop::request);
            enabled = volume.enableReports(err, scripts);
            scriptTimers = ScriptTimers.start(scripts, clock);
            sampler = new MetricSampler(enabled.metrics());
            sampler.start(scenario.output().hlogInterval());

            upstairs.activate().get(drainTimeoutMs, TimeUnit.MILLISECONDS);
            String overWhat = tls == null ? "over TCP" : "over TCP with " + TlsSettings.PROTOCOL;
            err.printf("crucible-sim: volume of %s active on 3 %s%s (real time, seed %d)%n", region,
                    remote != null ? "downstairs " + (processes != null ? "processes" : "servers") + " " + overWhat
                            + " at " + remote.servers().stream().map(RemoteRegions::show)
                                    .collect(Collectors.joining(", "))
                            : overTcp ? "downstairs servers " + overWhat + " on loopback" : "in-process downstairs",
                    files != null ? ", regions on disk in " + dataDirectory
                            : processes != null && !processes.temporary()
                                    ? ", regions on disk in " + processes.baseDirectory() : "",
                    scenario.seed());
            err.flush();

            int workloadDepth = scenario.workload().jobs().stream().mapToInt(JobSpec::ioDepth).sum();
            RealTimeWorkloadRunner runner = new RealTimeWorkloadRunner(clock, upstairs.guest(), workloadDepth,
                    scenario.drainTimeoutNs());
            runner.observe(faults);
            activatedNs = clock.nanoTime();
            Map<String, Long> cpuAtActivationNs = ComponentCpuTime.sample(Thread.currentThread().getId());
            if (faults != null) {
                faults.activated();
            }
            List<JobSpec> unlimited = scenario.workload().unlimitedJobs();
            workload = new WorkloadEngine(scenario.workload(), region, volume.streams(), runner, volume.jobProbes(),
                    iologSink, () -> {
                    });
            result = runner.run(workload, stop, () -> {
                if (!unlimited.isEmpty()) {
                    err.println("crucible-sim: " + (unlimited.size() == 1 ? "job " : "jobs ")
                            + unlimited.stream().map(JobSpec::name).collect(Collectors.joining(", "))
                            + " running with no runtime or IO limit, until interrupted (^C)");
                    err.flush();
                }
            });
            RunSetup.addWorkloadFailures(result, failures);
            if (faults != null) {
                awaitFaultsEnded(faults, drainTimeoutMs, failures);
            }
            if (upstairs.failure() == null) {
                upstairs.guest().flush().get(drainTimeoutMs, TimeUnit.MILLISECONDS);
            }
            status = awaitQuiet(upstairs, failures, drainTimeoutMs, faults != null);
            // Before the parts stop, while their threads are still there to be asked.
            cpuTimeNs = ComponentCpuTime.since(cpuAtActivationNs,
                    ComponentCpuTime.sample(Thread.currentThread().getId()));
            cpuWallNs = clock.nanoTime() - activatedNs;
        } catch (ExecutionException e) {
            failures.add(e.getCause() == null ? e.toString() : e.getCause().getMessage());
        } catch (TimeoutException e) {
            failures.add("the upstairs did not answer within " + drainTimeoutMs + " ms");
        } catch (UncheckedIOException | RegionException e) {
            // A downstairs server that could not start or be reached, or a region that could not be made on disk:
            // the run has nothing to run on.
            failures.add(e.getMessage());
        } finally {
            if (scriptTimers != null) {
                // Before the scripts' END clauses run: no tick may fire into a finished script.
                scriptTimers.stop();
            }
            if (faultTimer != null) {
                faultTimer.close();
            }
            runtime.close(drainTimeoutMs);
            if (files != null) {
                files.close();
            }
            if (processes != null) {
                try {
                    processes.close();
                } catch (UncheckedIOException e) {
                    failures.add(e.getMessage());
                }
            }
            if (sampler != null) {
                sampler.stop();
            }
        }
        if (upstairs != null && upstairs.failure() != null && !failures.contains(upstairs.failure())) {
            failures.add(upstairs.failure());
        }
        failures.addAll(runtime.failures());
        // Only a stop that cut the workload short: one that came after it finished changed nothing.
        boolean interrupted = workload != null && workload.interrupted();
        for (Throwable failure : faultFailures) {
            failures.add("fault injection failed: " + failure);
        }
        String summary = RunSetup.summarize(scenario, result, status, "real", interrupted, failures);
        List<Map<String, Object>> faultJson = new ArrayList<>();
        if (faults != null) {
            summary = RunSetup.withFaults(summary, faults.records(), activatedNs, faultJson);
        }
        if (!cpuTimeNs.isEmpty()) {
            summary += String.format("%ncrucible-sim: ") + ComponentCpuTime.describe(cpuTimeNs, cpuWallNs);
        }
        if (enabled == null) {
            return new RunOutcome(List.of(), result, status, summary, failures, List.of(), null, interrupted,
                    faultJson, cpuTimeNs);
        }
        List<DTraceReport> reports = enabled.finish(stop.requested());
        return new RunOutcome(reports, result, status, summary, failures, enabled.metrics().summaries(),
                null, interrupted, faultJson, cpuTimeNs);
    }

    /** Faults act on the runtime's connections, and on the downstairs' switches where the downstairs run here. */
    private static FaultTarget faultTarget(ThreadedRuntime runtime,
            VolumeAssembly.Volume<UpstairsRuntime, RealTimeDownstairs> volume, DownstairsProcesses processes,
            Consumer<Throwable> failures) {
        return new FaultTarget() {
            @Override
            public void kill(int clientId) {
                if (processes == null) {
                    throw new UnsupportedOperationException("the downstairs are not processes of their own");
                }
                processes.kill(clientId);
            }

            /**
             * On a thread of its own: a JVM takes a second or so to start, and the injector's other faults must not
             * wait for it. The upstairs reconnects by itself once the server is back.
             */
            @Override
            public void restart(int clientId) {
                if (processes == null) {
                    throw new UnsupportedOperationException("the downstairs are not processes of their own");
                }
                Thread restarter = new Thread(() -> {
                    try {
                        processes.restart(clientId);
                    } catch (RuntimeException e) {
                        if (!processes.isClosed()) {
                            failures.accept(e); // one the end of the run cut short is no failure
                        }
                    }
                }, "downstairs-" + clientId + "-restart");
                restarter.setDaemon(true);
                restarter.start();
            }

            @Override
            public void disconnect(int clientId, String reason) {
                runtime.disconnect(clientId, reason);
            }

            @Override
            public void reconnect(int clientId) {
                runtime.reconnect(clientId);
            }

            @Override
            public DownstairsFaults downstairsFaults(int clientId) {
                return runtime.hostsDownstairs() && !volume.downstairsFaults().isEmpty()
                        ? volume.downstairsFaults().get(clientId) : null;
            }
        };
    }

    /**
     * The workload is done: faults not yet started are dropped, a disconnect or stall in force runs to its end (a
     * client still cut off comes back and is replayed before the final flush is drained), the others end now.
     */
    private static void awaitFaultsEnded(FaultInjector faults, long drainTimeoutMs, List<String> failures)
            throws InterruptedException {
        faults.finish();
        long longestNs = 0;
        for (var record : faults.records()) {
            if (record.spec().kind().runsToItsEnd()) {
                longestNs = Math.max(longestNs, record.spec().durationNs());
            }
        }
        long deadlineNs = System.nanoTime() + longestNs + TimeUnit.MILLISECONDS.toNanos(drainTimeoutMs);
        if (!faults.awaitEnded(deadlineNs)) {
            failures.add("injected faults did not end within their durations and " + drainTimeoutMs + " ms more");
        }
    }

    /**
     * Waits until no job is in flight to any downstairs, so that every reply (the third one of the
     * final flush included) is counted before the upstairs closes; bounded by the drain timeout.
     *
     * @return the upstairs' status JSON once quiet
     */
    private String awaitQuiet(UpstairsRuntime upstairs, List<String> failures, long drainTimeoutMs,
            boolean awaitReturns) throws InterruptedException, ExecutionException, TimeoutException {
        long deadlineNs = clock.nanoTime() + TimeUnit.MILLISECONDS.toNanos(drainTimeoutMs);
        while (true) {
            long[] inFlight = new long[1];
            String[] status = new String[1];
            upstairs.onCoreThread(core -> {
                for (int c = 0; c < UpstairsCore.CLIENT_COUNT; c++) {
                    inFlight[0] += core.inFlight(c);
                    // A client an injected fault cut off is coming back: its replay is part of the run.
                    if (awaitReturns && core.dsState(c).isComingBack()) {
                        inFlight[0]++;
                    }
                }
                status[0] = core.statusJson();
            }).get(drainTimeoutMs, TimeUnit.MILLISECONDS);
            if (inFlight[0] == 0 || upstairs.failure() != null) {
                return status[0];
            }
            if (clock.nanoTime() - deadlineNs > 0) {
                failures.add(inFlight[0] + " jobs still in flight to the downstairs " + drainTimeoutMs
                        + " ms after the final flush (clients still coming back count as one each)");
                return status[0];
            }
            LockSupport.parkNanos(DRAIN_POLL_NS);
        }
    }

    /** Takes the metric intervals on a timer thread while the run goes, and the last one at the end. */
    private final class MetricSampler {
        private final MetricRecorder metrics;
        private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "metric-sampler");
            thread.setDaemon(true);
            return thread;
        });

        MetricSampler(MetricRecorder metrics) {
            this.metrics = metrics;
            // The next sample is a one-shot task: stopping cancels it rather than waiting until it is due.
            timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        }
        private long lastSampleNs;
        private HlogInterval hlogInterval;
        private long startNs;
        /** When the next sample is due on the clock: planned from the last one's due time, so sampling never drifts. */
        private long dueNs;

        synchronized void start(HlogInterval interval) {
            hlogInterval = interval;
            startNs = clock.nanoTime();
            lastSampleNs = startNs;
            dueNs = interval.endNs(startNs, startNs);
            scheduleNext();
        }

        /** One sample at a time, each scheduling the next: a fixed rate, or a doubling one (see HlogInterval). */
        private synchronized void sampleAndScheduleNext() {
            sample();
            dueNs = hlogInterval.endNs(startNs, dueNs);
            scheduleNext();
        }

        private void scheduleNext() {
            if (!timer.isShutdown()) {
                timer.schedule(this::sampleAndScheduleNext, Math.max(0, dueNs - clock.nanoTime()), TimeUnit.NANOSECONDS);
            }
        }

        private synchronized void sample() {
            long nowNs = clock.nanoTime();
            intervals.accept(metrics.sampleInterval(lastSampleNs, nowNs));
            lastSampleNs = nowNs;
        }

        void stop() throws InterruptedException {
            synchronized (this) {
                timer.shutdown(); // under the monitor: a sample running now sees it and schedules no next one
            }
            timer.awaitTermination(5, TimeUnit.SECONDS);
            sample();
        }
    }
}
