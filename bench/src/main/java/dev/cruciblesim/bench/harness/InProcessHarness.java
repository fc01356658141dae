package dev.cruciblesim.bench.harness;

import dev.cruciblesim.bench.cli.CrucibleSim;
import dev.cruciblesim.bench.workload.RandomMixWorkload;
import dev.cruciblesim.bench.workload.WorkloadResult;
import dev.cruciblesim.bench.workload.WriteOracle;
import dev.cruciblesim.downstairs.DownstairsConfig;
import dev.cruciblesim.downstairs.InProcessDownstairs;
import dev.cruciblesim.downstairs.region.Region;
import dev.cruciblesim.sim.protocol.Message;
import dev.cruciblesim.sim.protocol.RegionDefinition;
import dev.cruciblesim.sim.time.NanoClock;
import dev.cruciblesim.sim.time.SystemNanoClock;
import dev.cruciblesim.sim.transport.MessageSink;
import dev.cruciblesim.tracing.probe.ProbeRegistry;
import dev.cruciblesim.tracing.report.DTraceReport;
import dev.cruciblesim.tracing.report.Reports;
import dev.cruciblesim.upstairs.core.UpstairsConfig;
import dev.cruciblesim.upstairs.core.UpstairsCore;
import dev.cruciblesim.upstairs.runtime.UpstairsRuntime;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * One run in real time: an upstairs and three downstairs in this JVM, each on its own thread, the
 * reports enabled on their probes, a workload from the calling thread, and every read verified.
 *
 * <p>Stdout receives only what the DTrace scripts would print, so it can be compared byte for byte
 * with real captures; headings, progress and the summary go to stderr.
 */
public final class InProcessHarness {
    /** Instance ids play DTrace's pid: the upstairs is 1, downstairs client c is 10 + c. */
    public static final long UPSTAIRS_INSTANCE_ID = 1;
    public static final long DOWNSTAIRS_INSTANCE_ID_BASE = 10;
    private static final long DRAIN_POLL_NS = TimeUnit.MICROSECONDS.toNanos(200);

    private final HarnessConfig config;
    private final NanoClock clock = SystemNanoClock.INSTANCE;

    public InProcessHarness(HarnessConfig config) {
        this.config = config;
    }

    /** Runs and prints; returns the process exit code. */
    public int run(PrintWriter out, PrintWriter err) throws InterruptedException {
        RunOutcome outcome = execute(err);
        for (DTraceReport report : outcome.reports()) {
            err.println("--- " + report.scriptName() + " ---");
            err.flush();
            out.print(report.stdout());
            out.flush();
        }
        err.println(outcome.summary());
        for (String failure : outcome.failures()) {
            err.println("crucible-sim: " + failure);
        }
        err.flush();
        return outcome.failures().isEmpty() ? CrucibleSim.EXIT_OK : CrucibleSim.EXIT_RUN_FAILED;
    }

    /** Runs without printing the reports; the seam end-to-end tests use. */
    public RunOutcome execute(PrintWriter err) throws InterruptedException {
        RegionDefinition region = config.region();
        ProbeRegistry registry = new ProbeRegistry();
        UpstairsConfig upstairsConfig = UpstairsConfig.revisionO(UPSTAIRS_INSTANCE_ID)
                .withStatusIntervalNs(TimeUnit.MILLISECONDS.toNanos(config.statusIntervalMs()))
                .withFlushTimeoutNs(TimeUnit.MILLISECONDS.toNanos(config.flushTimeoutMs()))
                .withMaxInFlightPerClient(config.maxInFlightPerClient());
        int upstairsRingSize = Math.max(UpstairsRuntime.DEFAULT_RING_SIZE,
                nextPowerOfTwo(8L * config.maxInFlightPerClient()));
        int downstairsRingSize = Math.max(DownstairsConfig.DEFAULT_INBOX_RING_SIZE,
                nextPowerOfTwo(2L * config.maxInFlightPerClient() + 16));
        List<String> failures = new ArrayList<>();
        List<DTraceReport> reports = new ArrayList<>();
        WorkloadResult result = null;
        String status = "";

        UpstairsRuntime upstairs = new UpstairsRuntime(upstairsConfig, clock, registry, upstairsRingSize,
                new com.lmax.disruptor.BlockingWaitStrategy());
        List<InProcessDownstairs> downstairs = new ArrayList<>();
        try {
            List<MessageSink<Message.ToDownstairs>> clients = new ArrayList<>();
            for (int c = 0; c < UpstairsCore.CLIENT_COUNT; c++) {
                DownstairsConfig dsConfig = DownstairsConfig.of(DOWNSTAIRS_INSTANCE_ID_BASE + c, region)
                        .withInboxRingSize(downstairsRingSize);
                InProcessDownstairs ds = new InProcessDownstairs(dsConfig, Region.sparseInMemory(region), registry,
                        upstairs.replySink(c));
                downstairs.add(ds);
                ds.start();
                clients.add(ds.inbox());
            }
            upstairs.start(clients);
            for (String name : config.reports()) {
                DTraceReport report = Reports.create(name);
                int matched = report.enable(registry);
                String notice = report.matchedNotice(matched);
                if (notice != null) {
                    err.println(notice);
                }
                reports.add(report);
            }
            err.flush();

            upstairs.activate().get(config.drainTimeoutMs(), TimeUnit.MILLISECONDS);
            err.printf("crucible-sim: volume of %s active on 3 in-process downstairs; running for %s%n", region,
                    describeLimit());
            err.flush();

            WriteOracle oracle = new WriteOracle(region.totalBlocks(), region.blockSizeBytes());
            RandomMixWorkload workload = new RandomMixWorkload(config.workload(), clock, config.drainTimeoutMs());
            result = workload.run(upstairs.guest(), config.verify() ? oracle : null);
            failures.addAll(result.failures());
            if (result.failureCount() > result.failures().size()) {
                failures.add((result.failureCount() - result.failures().size()) + " more failures not shown");
            }
            if (upstairs.failure() == null) {
                upstairs.guest().flush().get(config.drainTimeoutMs(), TimeUnit.MILLISECONDS);
            }
            status = awaitQuiet(upstairs, failures);
        } catch (ExecutionException e) {
            failures.add(e.getCause() == null ? e.toString() : e.getCause().getMessage());
        } catch (TimeoutException e) {
            failures.add("the upstairs did not answer within " + config.drainTimeoutMs() + " ms");
        } finally {
            upstairs.close(config.drainTimeoutMs());
            for (InProcessDownstairs ds : downstairs) {
                ds.close();
            }
        }
        if (upstairs.failure() != null && !failures.contains(upstairs.failure())) {
            failures.add(upstairs.failure());
        }
        for (InProcessDownstairs ds : downstairs) {
            if (ds.failure() != null) {
                failures.add("downstairs " + ds.config().instanceId() + " failed: " + ds.failure());
            }
        }
        for (DTraceReport report : reports) {
            report.finish();
        }
        return new RunOutcome(reports, result, status, summarize(result, status), failures);
    }

    /**
     * Waits until no job is in flight to any downstairs, so that every reply (the third one of the
     * final flush included) is counted before the upstairs closes; bounded by the drain timeout.
     *
     * @return the upstairs' status JSON once quiet
     */
    private String awaitQuiet(UpstairsRuntime upstairs, List<String> failures)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadlineNs = clock.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.drainTimeoutMs());
        while (true) {
            long[] inFlight = new long[1];
            String[] status = new String[1];
            upstairs.onCoreThread(core -> {
                for (int c = 0; c < UpstairsCore.CLIENT_COUNT; c++) {
                    inFlight[0] += core.inFlight(c);
                }
                status[0] = core.statusJson();
            }).get(config.drainTimeoutMs(), TimeUnit.MILLISECONDS);
            if (inFlight[0] == 0 || upstairs.failure() != null) {
                return status[0];
            }
            if (clock.nanoTime() - deadlineNs > 0) {
                failures.add(inFlight[0] + " jobs still in flight to the downstairs " + config.drainTimeoutMs()
                        + " ms after the final flush");
                return status[0];
            }
            LockSupport.parkNanos(DRAIN_POLL_NS);
        }
    }

    private String describeLimit() {
        long maxIos = config.workload().maxIos();
        double seconds = config.workload().durationNs() / 1e9;
        if (maxIos > 0 && config.workload().durationNs() > 0) {
            return String.format(Locale.ROOT, "%.3f s or %d IOs", seconds, maxIos);
        }
        return maxIos > 0 ? maxIos + " IOs" : String.format(Locale.ROOT, "%.3f s", seconds);
    }

    private String summarize(WorkloadResult result, String status) {
        if (result == null) {
            return "crucible-sim: no IO was run";
        }
        double seconds = result.elapsedNs() / 1e9;
        return String.format(Locale.ROOT,
                "crucible-sim: %d IOs (%d reads, %d writes, %d flushes) in %.3f s = %.0f IOPS at queue depth %d,"
                        + " then 1 final flush; %s; final state %s",
                result.totalIos(), result.reads(), result.writes(), result.flushes(), seconds,
                seconds > 0 ? result.totalIos() / seconds : 0.0, config.workload().queueDepth(),
                config.verify() ? result.verifiedReads() + " reads verified" : "verification off", status);
    }

    private static int nextPowerOfTwo(long value) {
        long power = Long.highestOneBit(Math.max(1, value - 1)) << 1;
        if (power > (1 << 30)) {
            throw new IllegalArgumentException("ring size for " + value + " entries is too large");
        }
        return (int) power;
    }

    /** What a run produced: its reports (finished), the workload's result, the upstairs' last state, failures. */
    public record RunOutcome(List<DTraceReport> reports, WorkloadResult workload, String finalStatusJson,
            String summary, List<String> failures) {
        public RunOutcome {
            reports = List.copyOf(reports);
            failures = List.copyOf(failures);
        }
    }
}
